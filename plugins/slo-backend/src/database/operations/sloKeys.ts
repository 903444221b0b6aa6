import { chunks } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import { IN_CHUNK, INSERT_CHUNK, KEYS_TABLE } from './tables';

/**
 * The integer ids the SLI tables key their rows by (slo_keys, see
 * migrations/20261207000000_sli_integer_keys.js), cached: an slo_ref's id
 * never changes and its row is never deleted, so one look-up per SLO and
 * store instance is enough.
 */
export class SloKeys {
  private readonly ids = new Map<string, number>();

  /**
   * The ids of `sloRefs`, giving an id to those that have none yet. The new
   * rows are committed on `knex` itself, not in a caller's transaction, so
   * no id is cached that a rolled-back transaction took away.
   */
  async idsFor(
    knex: Knex,
    sloRefs: Iterable<string>,
  ): Promise<Map<string, number>> {
    const missing = await this.lookUp(knex, sloRefs);
    if (missing.length > 0) {
      await insertKeys(knex, missing);
      await this.lookUp(knex, missing);
    }
    return this.pick(sloRefs);
  }

  /** The id of `sloRef`, or undefined when it has none (so it has no data). */
  async idOf(knex: Knex, sloRef: string): Promise<number | undefined> {
    if (!this.ids.has(sloRef)) await this.lookUp(knex, [sloRef]);
    return this.ids.get(sloRef);
  }

  /** Caches what the table holds for `sloRefs`; returns those still missing. */
  private async lookUp(
    knex: Knex,
    sloRefs: Iterable<string>,
  ): Promise<string[]> {
    const unknown = [...new Set(sloRefs)].filter(ref => !this.ids.has(ref));
    for (const chunk of chunks(unknown, IN_CHUNK)) {
      const rows: Array<{ id: number | string; slo_ref: string }> = await knex(
        KEYS_TABLE,
      )
        .select('id', 'slo_ref')
        .whereIn('slo_ref', chunk);
      for (const row of rows) this.ids.set(row.slo_ref, Number(row.id));
    }
    return unknown.filter(ref => !this.ids.has(ref));
  }

  private pick(sloRefs: Iterable<string>): Map<string, number> {
    const picked = new Map<string, number>();
    for (const ref of sloRefs) {
      const id = this.ids.get(ref);
      if (id === undefined) throw new Error(`No id for SLO ${ref}`);
      picked.set(ref, id);
    }
    return picked;
  }
}

/** Gives an id to each of `sloRefs` that has none (concurrent writers welcome). */
export async function insertKeys(
  knex: Knex,
  sloRefs: Iterable<string>,
): Promise<void> {
  for (const chunk of chunks([...new Set(sloRefs)], INSERT_CHUNK)) {
    await knex(KEYS_TABLE)
      .insert(chunk.map(ref => ({ slo_ref: ref })))
      .onConflict('slo_ref')
      .ignore();
  }
}

/** Every id in slo_keys (retention prunes SLO by SLO). */
export async function allIds(knex: Knex): Promise<number[]> {
  const rows: Array<{ id: number | string }> = await knex(KEYS_TABLE)
    .select('id')
    .orderBy('id');
  return rows.map(row => Number(row.id));
}
