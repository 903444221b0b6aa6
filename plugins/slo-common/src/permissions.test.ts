import { sloPermissions } from './permissions';

// The names are the contract with the permission policy's files: a rename
// silently takes a permission away from every role that names it.
describe('sloPermissions', () => {
  it('are these, with these resource types and actions', () => {
    expect(
      sloPermissions.map(p => ({
        name: p.name,
        type: p.type,
        resourceType: 'resourceType' in p ? p.resourceType : undefined,
        action: p.attributes.action,
      })),
    ).toEqual([
      {
        name: 'slo.sli.create',
        type: 'basic',
        resourceType: undefined,
        action: 'create',
      },
      {
        name: 'slo.read',
        type: 'basic',
        resourceType: undefined,
        action: 'read',
      },
      {
        name: 'slo.refresh.all',
        type: 'basic',
        resourceType: undefined,
        action: 'update',
      },
    ]);
  });
});
