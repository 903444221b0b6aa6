import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migratedDatabase } from '../__testUtils__/entityEvaluation';
import {
  addAttestation,
  currentAttestations,
  listAttestations,
} from './attestations';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'attestation operations on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
    });

    it('keeps every attestation and answers the newest unexpired one per check', async () => {
      const ref = 'component:default/a';
      const add = (
        id: string,
        checkId: string,
        createdAt: string,
        expiresAt: string,
      ) =>
        addAttestation(knex, {
          id,
          entityRef: ref,
          checkId,
          author: 'user:default/alice',
          comment: `attested ${id}`,
          createdAt,
          expiresAt,
        });
      await add(
        '1',
        'failover-drill',
        '2026-01-01T00:00:00.000Z',
        '2026-03-01T00:00:00.000Z',
      );
      await add(
        '2',
        'failover-drill',
        '2026-02-01T00:00:00.000Z',
        '2026-02-10T00:00:00.000Z',
      );
      await add(
        '3',
        'threat-model',
        '2026-01-15T00:00:00.000Z',
        '2026-01-20T00:00:00.000Z',
      );
      expect((await listAttestations(knex, ref)).map(a => a.id)).toEqual([
        '2',
        '3',
        '1',
      ]);

      const onFeb5 = await currentAttestations(
        knex,
        new Date('2026-02-05T00:00:00Z'),
      );
      expect(onFeb5.get(ref)!.get('failover-drill')!.id).toBe('2');
      expect(onFeb5.get(ref)!.has('threat-model')).toBe(false);
      // The newer one expired: the older one still holds.
      const onFeb20 = await currentAttestations(
        knex,
        new Date('2026-02-20T00:00:00Z'),
        [ref],
      );
      expect(onFeb20.get(ref)!.get('failover-drill')!.id).toBe('1');
      const onMarch2 = await currentAttestations(
        knex,
        new Date('2026-03-02T00:00:00Z'),
        [ref],
      );
      expect(onMarch2.get(ref)).toBeUndefined();
    });
  },
);
