import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { CacheService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { createServicesRouter } from './router';
import { ServicesReadModel } from './ServicesReadModel';

const complete = (tier: string) => ({
  'golden-path.io/tier': tier,
  'golden-path.io/on-call': 'https://oncall.example.com/x',
  'golden-path.io/runbook': 'https://runbooks.example.com/x',
});

const component = (
  name: string,
  options: {
    owner?: string;
    system?: string;
    annotations?: Record<string, string>;
    lifecycle?: string;
    title?: string;
  },
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    ...(options.title ? { title: options.title } : {}),
    annotations: options.annotations ?? {},
  },
  spec: {
    type: 'service',
    lifecycle: options.lifecycle ?? 'production',
    ...(options.owner ? { owner: options.owner } : {}),
    ...(options.system ? { system: options.system } : {}),
  },
});

const entities: Entity[] = [
  component('order-service', {
    title: 'Order service',
    owner: 'group:team-checkout',
    system: 'orders',
    annotations: complete('critical'),
  }),
  component('cart-service', {
    owner: 'group:team-checkout',
    system: 'orders',
    annotations: { 'golden-path.io/tier': 'important' },
    lifecycle: 'experimental',
  }),
  component('ledger-service', {
    owner: 'team-payments',
    system: 'payments-core',
    annotations: complete('critical'),
  }),
  component('billing-service', {
    owner: 'team-payments',
    system: 'payments-core',
    annotations: complete('standard'),
  }),
  component('refunds-service', {
    owner: 'team-payments',
    annotations: complete('best-effort'),
  }),
  component('orphan', { annotations: {} }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'orders', namespace: 'default', title: 'Orders' },
    spec: { owner: 'group:team-checkout', domain: 'commerce' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'payments-core',
      namespace: 'default',
      title: 'Payments core',
    },
    spec: { owner: 'team-payments', domain: 'payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name: 'commerce', namespace: 'default', title: 'Commerce' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', namespace: 'default' },
    spec: { type: 'team', profile: { displayName: 'Checkout team' } },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-payments',
      namespace: 'default',
      title: 'Payments team',
    },
    spec: { type: 'team', children: [] },
  },
];

async function pluginCache(): Promise<CacheService> {
  return ServiceFactoryTester.from(mockServices.cache.factory()).getSubject(
    'golden-path',
  );
}

describe('GET /services', () => {
  const permissions = mockServices.permissions.mock();
  let catalog: ReturnType<typeof catalogServiceMock>;
  let app: express.Express;
  let readableGetEntities: jest.Mock;

  beforeEach(async () => {
    jest.clearAllMocks();
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    catalog = catalogServiceMock({ entities });
    readableGetEntities = jest.fn(catalog.getEntities.bind(catalog));
    const readModel = new ServicesReadModel({
      catalog,
      auth: mockServices.auth(),
      cache: await pluginCache(),
    });
    app = express()
      .use(
        createServicesRouter({
          httpAuth: mockServices.httpAuth(),
          permissions,
          catalog: { getEntities: readableGetEntities },
          readModel,
        }),
      )
      .use(mockErrorHandler());
  });

  const get = (query: string = '') => request(app).get(`/services${query}`);
  const titles = (body: { items: Array<{ title: string }> }) =>
    body.items.map(i => i.title);

  it('answers a page of slim rows sorted by title, with titles for owner, system and domain', async () => {
    const res = await get('?limit=2');
    expect(res.status).toBe(200);
    expect(res.body.totalItems).toBe(6);
    expect(res.body.offset).toBe(0);
    expect(res.body.limit).toBe(2);
    expect(res.body.summary).toEqual({ services: 6, missingMetadata: 2 });
    expect(res.body.groups).toEqual([]);
    expect(res.body.items).toEqual([
      {
        entityRef: 'component:default/billing-service',
        title: 'billing-service',
        type: 'service',
        lifecycle: 'production',
        owner: { ref: 'group:default/team-payments', title: 'Payments team' },
        system: { ref: 'system:default/payments-core', title: 'Payments core' },
        domain: { ref: 'domain:default/payments', title: 'payments' },
        tier: 'standard',
        missing: [],
      },
      {
        entityRef: 'component:default/cart-service',
        title: 'cart-service',
        type: 'service',
        lifecycle: 'experimental',
        owner: { ref: 'group:default/team-checkout', title: 'Checkout team' },
        system: { ref: 'system:default/orders', title: 'Orders' },
        domain: { ref: 'domain:default/commerce', title: 'Commerce' },
        tier: 'important',
        missing: ['on-call', 'runbook'],
      },
    ]);
    const next = await get('?limit=2&offset=4');
    expect(titles(next.body)).toEqual(['orphan', 'refunds-service']);
  });

  it('sorts by a column in either order, services without a value last both ways', async () => {
    const byTier = await get('?sort=tier');
    expect(titles(byTier.body)).toEqual([
      'ledger-service',
      'Order service',
      'cart-service',
      'billing-service',
      'refunds-service',
      'orphan',
    ]);
    const desc = await get('?sort=tier&order=desc');
    expect(titles(desc.body)).toEqual([
      'refunds-service',
      'billing-service',
      'cart-service',
      'ledger-service',
      'Order service',
      'orphan',
    ]);
    const bySystem = await get('?sort=system&order=desc');
    expect(titles(bySystem.body)).toEqual([
      'billing-service',
      'ledger-service',
      'cart-service',
      'Order service',
      'orphan',
      'refunds-service',
    ]);
    const byMissing = await get('?sort=missing&order=desc&limit=2');
    expect(titles(byMissing.body)).toEqual(['orphan', 'cart-service']);
  });

  it('searches titles, names and owners, every word', async () => {
    expect(titles((await get('?q=payments')).body)).toEqual([
      'billing-service',
      'ledger-service',
      'refunds-service',
    ]);
    expect(titles((await get('?q=order-service')).body)).toEqual([
      'Order service',
    ]);
    const res = await get('?q=checkout%20cart');
    expect(titles(res.body)).toEqual(['cart-service']);
    expect(res.body.totalItems).toBe(1);
    expect(res.body.summary.services).toBe(6);
  });

  it('filters by tier (none for no tier), lifecycle, missing metadata, owner, system and domain', async () => {
    expect(titles((await get('?tier=critical&tier=none')).body)).toEqual([
      'ledger-service',
      'Order service',
      'orphan',
    ]);
    expect(titles((await get('?lifecycle=experimental')).body)).toEqual([
      'cart-service',
    ]);
    expect(titles((await get('?missing=runbook')).body)).toEqual([
      'cart-service',
      'orphan',
    ]);
    expect(titles((await get('?owner=team-checkout')).body)).toEqual([
      'cart-service',
      'Order service',
    ]);
    expect(
      titles((await get('?system=system:default/payments-core')).body),
    ).toEqual(['billing-service', 'ledger-service']);
    const res = await get('?domain=commerce&missing=tier');
    expect(res.body.totalItems).toBe(0);
    expect(res.body.items).toEqual([]);
  });

  it('groups: rows ordered by group first, groups with counts in order, one group on request', async () => {
    const res = await get('?groupBy=team');
    expect(res.body.groups).toEqual([
      {
        key: 'group:default/team-payments',
        title: 'Payments team',
        entityRef: 'group:default/team-payments',
        count: 3,
        missingMetadata: 0,
      },
      {
        key: 'group:default/team-checkout',
        title: 'Checkout team',
        entityRef: 'group:default/team-checkout',
        count: 2,
        missingMetadata: 1,
      },
      { key: 'none', title: 'No team', count: 1, missingMetadata: 1 },
    ]);
    expect(res.body.items.map((i: any) => [i.group, i.title])).toEqual([
      ['group:default/team-payments', 'billing-service'],
      ['group:default/team-payments', 'ledger-service'],
      ['group:default/team-payments', 'refunds-service'],
      ['group:default/team-checkout', 'cart-service'],
      ['group:default/team-checkout', 'Order service'],
      ['none', 'orphan'],
    ]);
    // The order sorts within the groups; the groups keep theirs.
    const desc = await get('?groupBy=team&order=desc');
    expect(titles(desc.body)).toEqual([
      'refunds-service',
      'ledger-service',
      'billing-service',
      'Order service',
      'cart-service',
      'orphan',
    ]);
    const byTier = await get('?groupBy=tier&limit=3');
    expect(byTier.body.groups.map((g: any) => [g.title, g.count])).toEqual([
      ['Critical', 2],
      ['Important', 1],
      ['Standard', 1],
      ['Best effort', 1],
      ['No tier', 1],
    ]);
    expect(titles(byTier.body)).toEqual([
      'ledger-service',
      'Order service',
      'cart-service',
    ]);
    // The groups of the filtered set.
    const byDomain = await get('?groupBy=domain&q=ledger%20billing');
    expect(byDomain.body.groups).toEqual([]);
    const searched = await get('?groupBy=domain&q=team');
    expect(searched.body.groups.map((g: any) => [g.title, g.count])).toEqual([
      ['Commerce', 2],
      ['payments', 2],
      ['No domain', 1],
    ]);
    const one = await get('?groupBy=domain&group=domain:default/commerce');
    expect(titles(one.body)).toEqual(['cart-service', 'Order service']);
    expect(one.body.totalItems).toBe(2);
    // The chips still show every group.
    expect(one.body.groups).toHaveLength(3);
    const none = await get('?groupBy=tier&group=none');
    expect(titles(none.body)).toEqual(['orphan']);
  });

  it.each([
    ['?limit=0', "Invalid query parameter 'limit'"],
    ['?limit=501', "Invalid query parameter 'limit'"],
    ['?offset=-1', "Invalid query parameter 'offset'"],
    ['?sort=owner', "Invalid query parameter 'sort'"],
    ['?order=up', "Invalid query parameter 'order'"],
    ['?groupBy=system', "Invalid query parameter 'groupBy'"],
    ['?group=none', "Invalid query parameter 'group': needs groupBy"],
    ['?tier=gold', "Invalid query parameter 'tier'"],
    ['?missing=docs', "Invalid query parameter 'missing'"],
    ['?owner=a:b:c', "Invalid query parameter 'owner'"],
    ['?colour=red', "Unknown query parameter 'colour'"],
  ])('answers 400 naming the parameter for %s', async (query, message) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('needs a signed-in caller', async () => {
    const res = await request(app)
      .get('/services')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  describe('reads follow the catalog', () => {
    it('allowed: every service, without asking the catalog per request', async () => {
      const res = await get('?groupBy=team');
      expect(res.body.totalItems).toBe(6);
      expect(readableGetEntities).not.toHaveBeenCalled();
    });

    it('conditional: only the services the catalog shows the caller, filtered before paging, totals of that set', async () => {
      permissions.authorizeConditional.mockResolvedValue([
        {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: ['group:default/team-payments'] },
          },
        },
      ]);
      readableGetEntities.mockResolvedValue({
        items: entities.filter(
          e =>
            e.kind === 'Component' &&
            (e.spec?.owner === 'team-payments' ||
              e.metadata.name === 'Order-Service'.toLowerCase()),
        ),
      });
      const res = await get('?groupBy=team&limit=2');
      expect(res.body.totalItems).toBe(4);
      expect(res.body.summary).toEqual({ services: 4, missingMetadata: 0 });
      expect(titles(res.body)).toEqual(['billing-service', 'ledger-service']);
      expect(res.body.groups.map((g: any) => [g.title, g.count])).toEqual([
        ['Payments team', 3],
        ['Checkout team', 1],
      ]);
      const next = await get('?groupBy=team&limit=2&offset=2');
      expect(titles(next.body)).toEqual(['refunds-service', 'Order service']);
      expect(readableGetEntities).toHaveBeenCalledWith(
        expect.objectContaining({ filter: { kind: 'Component' } }),
        { credentials: expect.anything() },
      );
      // A search for a service the caller may not read finds nothing.
      expect((await get('?q=cart')).body.totalItems).toBe(0);
    });

    it('denied: no service, empty groups and totals', async () => {
      permissions.authorizeConditional.mockResolvedValue([
        { result: AuthorizeResult.DENY },
      ]);
      const res = await get('?groupBy=tier');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [],
        totalItems: 0,
        offset: 0,
        limit: 50,
        groups: [],
        summary: { services: 0, missingMetadata: 0 },
      });
    });
  });

  it('never writes: reads the catalog only, with the paged query', async () => {
    const spies = [
      jest.spyOn(catalog, 'refreshEntity'),
      jest.spyOn(catalog, 'addLocation'),
      jest.spyOn(catalog, 'removeEntityByUid'),
      jest.spyOn(catalog, 'removeLocationById'),
    ];
    const query = jest.spyOn(catalog, 'queryEntities');
    await get('?groupBy=team');
    await get('?groupBy=tier&sort=tier');
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    // One build of the view serves both requests: component, system,
    // domain and group pages.
    expect(query).toHaveBeenCalledTimes(4);
    expect(query).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: { kind: 'component' },
        limit: 500,
        fields: expect.arrayContaining(['metadata.annotations', 'spec.owner']),
      }),
      { credentials: expect.anything() },
    );
  });
});
