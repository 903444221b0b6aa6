import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { AdrSourceWrite, AdrWrite } from '../AdrStore';
import { DatabaseAdrStore } from '../DatabaseAdrStore';

/** What ingestion would hand the store for an entity's folder. */
export const sourceWrite = (
  entityRef: string,
  owner: string | null,
): AdrSourceWrite => ({
  entityRef,
  annotation: './adrs',
  location: `file:/repo/${entityRef}`,
  owner,
  system: 'system:default/shop',
  etag: null,
  warnings: [],
});

/** An accepted Nygard ADR at `path`, dated 2024-01-01, unless overridden. */
export const adrWrite = (
  path: string,
  overrides: Partial<AdrWrite> = {},
): AdrWrite => ({
  path,
  number: parseInt(path, 10) || null,
  slug: path.replace(/\.md$/, ''),
  title: `Title of ${path}`,
  status: 'accepted',
  statusRaw: 'Accepted',
  date: '2024-01-01',
  decisionMakers: [],
  consulted: [],
  informed: [],
  format: 'nygard',
  supersedes: [],
  supersededBy: [],
  warnings: [],
  body: `Body of ${path}`,
  sourceLocation: `file:/repo/${path}`,
  ...overrides,
});

/** A fresh test database with the plugin's tables. */
export async function migratedDatabase(
  databases: TestDatabases,
  databaseId: Parameters<TestDatabases['init']>[0],
): Promise<Knex> {
  const knex = await databases.init(databaseId);
  await DatabaseAdrStore.create({ database: { getClient: async () => knex } });
  return knex;
}
