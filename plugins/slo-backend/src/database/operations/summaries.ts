import { chunks, parseJson } from '@golden-path/plugin-golden-path-node';
import { BurnDownPoint, SloSummary } from '@golden-path/plugin-slo-common';
import { Knex } from 'knex';
import { StoredSummary } from '../SloStore';
import { INSERT_CHUNK, SUMMARIES_TABLE } from './tables';

/** Stores computed summaries, replacing earlier ones of the same SLOs. */
export async function writeSummaries(options: {
  knex: Knex;
  summaries: Array<{ summary: SloSummary; burnDown: BurnDownPoint[] }>;
  computedAt: Date;
}): Promise<void> {
  const at = options.computedAt.toISOString();
  await options.knex.transaction(async tx => {
    for (const chunk of chunks(options.summaries, INSERT_CHUNK)) {
      await tx(SUMMARIES_TABLE)
        .insert(
          chunk.map(({ summary, burnDown }) => ({
            slo_ref: summary.ref,
            entity_ref: summary.entityRef,
            summary: JSON.stringify(summary),
            burn_down: JSON.stringify(burnDown),
            computed_at: at,
          })),
        )
        .onConflict('slo_ref')
        .merge(['entity_ref', 'summary', 'burn_down', 'computed_at']);
    }
  });
}

/**
 * Stored summaries, of one entity or all; burn-down series only when
 * asked (they are the bulk of the table).
 */
export async function listSummaries(options: {
  knex: Knex;
  entityRef?: string;
  withBurnDown?: boolean;
}): Promise<StoredSummary[]> {
  const columns = ['summary', 'computed_at'];
  if (options.withBurnDown) columns.push('burn_down');
  const query = options
    .knex(SUMMARIES_TABLE)
    .select(columns)
    .orderBy('slo_ref');
  if (options.entityRef) query.where({ entity_ref: options.entityRef });
  const rows: Array<{
    summary: string;
    burn_down?: string;
    computed_at: string;
  }> = await query;
  return rows.map(row => ({
    summary: JSON.parse(row.summary),
    burnDown: parseJson<BurnDownPoint[]>(row.burn_down, []),
    computedAt: row.computed_at,
  }));
}
