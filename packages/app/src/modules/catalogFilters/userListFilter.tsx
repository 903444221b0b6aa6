import catalogPlugin from '@backstage/plugin-catalog/alpha';

/**
 * Backstage's `catalog-filter:catalog/list` (Owned / Starred / All on the
 * catalog page) with labels that fit the filter column at 1280 px; its
 * `initialFilter` config works as before.
 */
export const userListFilterThatFits = catalogPlugin
  .getExtension('catalog-filter:catalog/list')
  .override({
    factory(originalFactory, { config }) {
      return originalFactory({
        params: {
          loader: () =>
            import('./FittingUserListPicker').then(m => (
              <m.FittingUserListPicker initialFilter={config.initialFilter} />
            )),
        },
      });
    },
  });
