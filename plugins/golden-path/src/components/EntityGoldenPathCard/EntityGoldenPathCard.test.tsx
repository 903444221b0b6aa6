import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
import {
  createFakeGoldenPathApi,
  nodeServiceTemplate,
  serviceDrift,
  services,
} from '../../__fixtures__/fakeGoldenPathApi';
import { EntityGoldenPathCard, versionsSince } from './EntityGoldenPathCard';

const component = (annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'billing',
    namespace: 'default',
    annotations: {
      'golden-path.io/template': 'template:default/node-service',
      'golden-path.io/template-version': '1.0.0',
      ...annotations,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
});

const billing = services.find(
  s => s.entityRef === 'component:default/billing',
)!;

async function renderCard(
  options: {
    api?: ReturnType<typeof createFakeGoldenPathApi>;
    entity?: Entity;
    allowUpgrade?: boolean;
  } = {},
) {
  const api =
    options.api ??
    createFakeGoldenPathApi({
      entity: { service: billing, template: nodeServiceTemplate },
    });
  const permissionApi = mockApis.permission({
    authorize: () =>
      options.allowUpgrade === false
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [goldenPathApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider entity={options.entity ?? component()}>
        <EntityGoldenPathCard />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

describe('EntityGoldenPathCard', () => {
  it('shows the version against the latest, what changed since and the upgrade', async () => {
    const api = await renderCard();
    const card = await screen.findByTestId('golden-path-card');
    expect(api.getEntityDrift).toHaveBeenCalledWith(
      'component:default/billing',
    );
    expect(card).toHaveAttribute('data-status', 'unsupported');
    expect(within(card).getByTestId('golden-path-status')).toHaveTextContent(
      'On a version no longer supported',
    );
    expect(
      within(card).getByRole('link', { name: 'Node.js service' }),
    ).toHaveAttribute('href', '/catalog/default/template/node-service');
    expect(within(card).getByTestId('golden-path-version')).toHaveTextContent(
      'v1.0.0',
    );
    expect(within(card).getByTestId('golden-path-latest')).toHaveTextContent(
      'v2.1.0',
    );
    expect(within(card).getByTestId('golden-path-behind')).toHaveTextContent(
      '2 versions',
    );
    expect(within(card).getByTestId('golden-path-chassis')).toHaveTextContent(
      'No chassis',
    );
    expect(within(card).getByTestId('golden-path-support')).toHaveTextContent(
      'Unsupported version: the template supports >=2.0.0',
    );
    const changes = within(card).getByTestId('golden-path-changes');
    expect(changes).toHaveTextContent('What changed since v1.0.0');
    expect(
      within(changes)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'Health checks report the broker connection',
      'Records provenance in .golden-path/answers.yaml',
      'Depends on the service chassis',
    ]);
    const upgrade = within(card).getByRole('link', {
      name: 'Upgrade to v2.1.0',
    });
    const href = upgrade.getAttribute('href')!;
    expect(href).toMatch(
      /^\/create\/templates\/default\/upgrade-service\?formData=/,
    );
    expect(
      JSON.parse(new URLSearchParams(href.split('?')[1]).get('formData')!),
    ).toEqual({ entityRef: 'component:default/billing', version: '2.1.0' });
  });

  it('says a current service is current and offers no upgrade', async () => {
    await renderCard({
      api: createFakeGoldenPathApi({
        entity: { service: serviceDrift({}), template: nodeServiceTemplate },
      }),
    });
    const card = await screen.findByTestId('golden-path-card');
    expect(within(card).getByTestId('golden-path-status')).toHaveTextContent(
      'On the current version',
    );
    expect(within(card).getByTestId('golden-path-behind')).toHaveTextContent(
      'Up to date',
    );
    expect(within(card).getByTestId('golden-path-support')).toHaveTextContent(
      'Supported version',
    );
    expect(within(card).queryByTestId('golden-path-changes')).toBeNull();
    expect(within(card).queryByTestId('golden-path-upgrade')).toBeNull();
  });

  it('says a component not created from a template is not from one', async () => {
    const search = services.find(
      s => s.entityRef === 'component:default/search',
    )!;
    await renderCard({
      api: createFakeGoldenPathApi({ entity: { service: search } }),
      entity: { ...component(), metadata: { name: 'search' } },
    });
    const card = await screen.findByTestId('golden-path-card');
    expect(card).toHaveAttribute('data-status', 'not-from-template');
    expect(card).toHaveTextContent('Not created from a golden-path template');
    expect(within(card).queryByTestId('golden-path-upgrade')).toBeNull();
  });

  it('says when the backend does not know the component yet', async () => {
    await renderCard({ api: createFakeGoldenPathApi({ entity: null }) });
    expect(
      await screen.findByText(/does not follow this component yet/),
    ).toBeInTheDocument();
  });

  it('shows the error of a failed request', async () => {
    const api = createFakeGoldenPathApi();
    api.getEntityDrift.mockRejectedValue(new Error('drift is down'));
    await renderCard({ api });
    expect(
      (await screen.findAllByText(/drift is down/)).length,
    ).toBeGreaterThan(0);
  });
});

describe('versionsSince', () => {
  it('lists the newer versions, also for a version the template does not list', () => {
    expect(
      versionsSince(nodeServiceTemplate, '2.0.0').map(v => v.version),
    ).toEqual(['2.1.0']);
    expect(
      versionsSince(nodeServiceTemplate, '1.5.0').map(v => v.version),
    ).toEqual(['2.1.0', '2.0.0']);
    expect(versionsSince(nodeServiceTemplate, '2.1.0')).toEqual([]);
    expect(versionsSince(undefined, '1.0.0')).toEqual([]);
  });
});
