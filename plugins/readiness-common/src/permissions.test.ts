import { readinessPermissions } from './permissions';

// The names are the contract with the permission policy's files: a rename
// silently takes a permission away from every role that names it.
describe('readinessPermissions', () => {
  it('are these, with these resource types and actions', () => {
    expect(
      readinessPermissions.map(p => ({
        name: p.name,
        type: p.type,
        resourceType: 'resourceType' in p ? p.resourceType : undefined,
        action: p.attributes.action,
      })),
    ).toEqual([
      {
        name: 'readiness.attestation.create',
        type: 'resource',
        resourceType: 'catalog-entity',
        action: 'create',
      },
      {
        name: 'readiness.entity.refresh',
        type: 'resource',
        resourceType: 'catalog-entity',
        action: 'update',
      },
      {
        name: 'readiness.refresh.all',
        type: 'basic',
        resourceType: undefined,
        action: 'update',
      },
    ]);
  });
});
