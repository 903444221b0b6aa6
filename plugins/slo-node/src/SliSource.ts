/**
 * Good and total events of an SLO over some time.
 * @public
 */
export type SliCounts = { good: number; total: number };

/**
 * What an SLI source needs to know of an SLO: its ref, target, latency
 * threshold and where its data comes from. Prometheus URLs are not here:
 * they come only from app-config (`goldenPath.slo.prometheus.<name>.url`),
 * never from an OpenSLO file.
 * @public
 */
export type SloDefinitionForSource = {
  sloRef: string;
  target: number;
  thresholdMs: number | null;
  dataSource:
    | { type: 'builtin' }
    | {
        type: 'prometheus';
        name: string;
        goodQuery: string | null;
        badQuery: string | null;
        totalQuery: string;
      };
};

/**
 * Where the SLI counts of an SLO come from: the built-in store fed by the
 * ingestion API, or a source a backend module registers for a data source
 * type through `sloSliSourcesExtensionPoint` (Prometheus).
 * @public
 */
export interface SliSource {
  /** Counts of the SLO over [start, end); null when there is no data. Throws SliSourceError on failure. */
  countsBetween(
    slo: SloDefinitionForSource,
    start: Date,
    end: Date,
  ): Promise<SliCounts | null>;
  /** Counts per step (e.g. hourly) over [start, end), for burn-down charts. */
  countsSeries(
    slo: SloDefinitionForSource,
    start: Date,
    end: Date,
    stepMs: number,
  ): Promise<Array<{ time: string } & SliCounts>>;
}

/**
 * A source could not answer (Prometheus down, a query error). The SLO is
 * shown with status `error` and this message, never with a made-up budget.
 * @public
 */
export class SliSourceError extends Error {
  name = 'SliSourceError';
}
