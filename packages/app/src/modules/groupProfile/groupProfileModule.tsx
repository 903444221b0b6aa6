import { createFrontendModule } from '@backstage/frontend-plugin-api';
import orgPlugin from '@backstage/plugin-org/alpha';

/**
 * Backstage's `entity-card:org/group-profile` (first card on a Group's
 * overview) showing our group profile: titles instead of the raw ref.
 */
const groupProfileCard = orgPlugin
  .getExtension('entity-card:org/group-profile')
  .override({
    factory(originalFactory) {
      return originalFactory({
        params: {
          loader: () =>
            import('./GroupProfileCard').then(m => <m.GroupProfileCard />),
        },
      });
    },
  });

/** The group profile card without raw entity refs. */
export const groupProfileModule = createFrontendModule({
  pluginId: 'org',
  extensions: [groupProfileCard],
});
