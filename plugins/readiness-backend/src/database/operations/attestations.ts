import { Knex } from 'knex';
import { NewAttestation, StoredAttestation } from '../ReadinessStore';
import { ATTESTATIONS, AttestationRow, rowsForEntities } from '../tables';

function toAttestation(row: AttestationRow): StoredAttestation {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    checkId: row.check_id,
    author: row.author,
    comment: row.comment,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/**
 * Appends an attestation; there is no way to change or remove one. Times
 * are stored as ISO strings (a Date is converted), so they compare as
 * text on both databases.
 */
export async function addAttestation(
  knex: Knex,
  attestation: NewAttestation,
): Promise<void> {
  await knex(ATTESTATIONS).insert({
    id: attestation.id,
    entity_ref: attestation.entityRef,
    check_id: attestation.checkId,
    author: attestation.author,
    comment: attestation.comment,
    created_at: new Date(attestation.createdAt).toISOString(),
    expires_at: new Date(attestation.expiresAt).toISOString(),
  });
}

/** An entity's attestations, newest first, expired ones included. */
export async function listAttestations(
  knex: Knex,
  entityRef: string,
): Promise<StoredAttestation[]> {
  const rows: AttestationRow[] = await knex(ATTESTATIONS)
    .where({ entity_ref: entityRef })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
  return rows.map(toAttestation);
}

/**
 * Per entity and check, the newest attestation not expired at `now`
 * (all entities when not given).
 */
export async function currentAttestations(
  knex: Knex,
  now: Date,
  entityRefs?: readonly string[],
): Promise<Map<string, Map<string, StoredAttestation>>> {
  const at = now.toISOString();
  const rows = await rowsForEntities<AttestationRow>(entityRefs, () =>
    knex(ATTESTATIONS).where('expires_at', '>', at).select(),
  );
  const byEntity = new Map<string, Map<string, StoredAttestation>>();
  for (const row of rows) {
    const attestation = toAttestation(row);
    let checks = byEntity.get(attestation.entityRef);
    if (!checks) {
      checks = new Map();
      byEntity.set(attestation.entityRef, checks);
    }
    const known = checks.get(attestation.checkId);
    if (!known || known.createdAt < attestation.createdAt) {
      checks.set(attestation.checkId, attestation);
    }
  }
  return byEntity;
}
