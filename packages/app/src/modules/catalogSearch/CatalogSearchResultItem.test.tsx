import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { DefaultEntityPresentationApi } from '@backstage/plugin-catalog';
import {
  catalogApiRef,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { CatalogSearchResultItem } from './CatalogSearchResultItem';

const platform: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'team-platform',
    namespace: 'default',
    title: 'Platform team',
  },
  spec: { type: 'team', children: [] },
};

async function render(owner: string, entities: Entity[]) {
  const catalogApi = catalogApiMock({ entities });
  await renderInTestApp(
    <CatalogSearchResultItem
      result={
        {
          title: 'Golden path portal',
          text: 'The portal itself.',
          location: '/catalog/default/component/golden-path-portal',
          kind: 'Component',
          type: 'service',
          lifecycle: 'production',
          owner,
        } as any
      }
    />,
    {
      apis: [
        [catalogApiRef, catalogApi],
        [
          entityPresentationApiRef,
          DefaultEntityPresentationApi.create({ catalogApi }),
        ],
      ],
    },
  );
}

describe('CatalogSearchResultItem', () => {
  it.each([
    'group:team-platform',
    'team-platform',
    'group:default/team-platform',
  ])('names the owner %s by its title', async owner => {
    await render(owner, [platform]);
    expect(
      await screen.findByText('Platform team', { exact: false }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Golden path portal' }),
    ).toHaveAttribute('href', '/catalog/default/component/golden-path-portal');
    expect(screen.getByText('Kind: Component')).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(/group:/);
  });

  it('names an owner the catalog does not know by its name, not its ref', async () => {
    await render('group:team-gone', []);
    expect(await screen.findByText(/team-gone/)).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(/group:/);
  });
});
