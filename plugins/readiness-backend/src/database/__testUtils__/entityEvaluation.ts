import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseReadinessStore } from '../DatabaseReadinessStore';
import { EntityEvaluation } from '../ReadinessStore';

/** A fresh database of the kind, migrated to the latest schema. */
export async function migratedDatabase(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
): Promise<Knex> {
  const knex = await databases.init(databaseId);
  await DatabaseReadinessStore.create({
    database: { getClient: async () => knex },
  });
  return knex;
}

/** A bronze evaluation of a standard-tier component with two results. */
export const entityEvaluation = (
  entityRef: string,
  overrides: Partial<EntityEvaluation> = {},
): EntityEvaluation => ({
  entityRef,
  title: null,
  owner: 'group:default/team-a',
  system: 'system:default/shop',
  domain: 'domain:default/commerce',
  tier: 'standard',
  level: 'bronze',
  requiredLevel: 'bronze',
  meetsRequired: true,
  passed: 1,
  applicable: 2,
  inputsSignature: 'inputs-1',
  results: [
    {
      checkId: 'runbook-linked',
      outcome: 'pass',
      message: 'catalog.hasRunbook is true',
      facts: [
        {
          id: 'catalog.hasRunbook',
          value: true,
          collectedAt: '2026-01-01T00:00:00.000Z',
          collector: 'catalog',
        },
      ],
    },
    { checkId: 'slo-met', outcome: 'fail', message: 'no', facts: [] },
  ],
  ...overrides,
});
