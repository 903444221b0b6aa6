import { serviceNameProblem } from './validateServiceName';

const ENTITIES: Record<string, any> = {
  orders: { spec: { owner: 'group:default/team-checkout' } },
  'team-checkout': {
    metadata: { name: 'team-checkout', title: 'Checkout team' },
  },
};

describe('serviceNameProblem', () => {
  const catalogApi = {
    getEntityByRef: jest.fn(async (ref: any) => ENTITIES[ref.name]),
  };

  it('accepts a free, well-formed name', async () => {
    expect(
      await serviceNameProblem('order-history', catalogApi),
    ).toBeUndefined();
    expect(catalogApi.getEntityByRef).toHaveBeenLastCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'order-history',
    });
  });

  it('refuses a taken name, naming its owner', async () => {
    expect(await serviceNameProblem('orders', catalogApi)).toBe(
      "A component named 'orders' already exists in the catalog (owned by Checkout team); choose another name.",
    );
  });

  it.each([
    ['', /Enter a name/],
    ['ab', /has 2 characters/],
    ['x'.repeat(41), /has 41 characters/],
    ['Orders', /not a valid service name/],
    ['orders-', /not a valid service name/],
    ['1orders', /not a valid service name/],
    ['../etc', /not a valid service name/],
  ])('refuses %j without asking the catalog', async (name, message) => {
    catalogApi.getEntityByRef.mockClear();
    expect(await serviceNameProblem(name, catalogApi)).toMatch(message);
    expect(catalogApi.getEntityByRef).not.toHaveBeenCalled();
  });
});
