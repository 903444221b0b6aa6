import { LoggerService } from '@backstage/backend-plugin-api';
import { DriftSnapshot } from '@golden-path/plugin-golden-path-common';
import { DriftService } from './DriftService';
import { DriftStore } from './DriftStore';

/** How long a snapshot computed for a reader answers before another is made. */
const FRESH_MS = 30_000;

/**
 * What GET /drift answers from: the stored snapshot (written only by the
 * scheduled drift task), or, when that lacks a component a reader asks
 * about (created since the last run) or there is none yet, a snapshot
 * computed in memory. Reading never writes: a snapshot computed here is
 * kept in this process only, and `onStale` is told so that the scheduled
 * task runs now and stores its own. At most one computation runs at a time,
 * and one serves every reader for 30 s.
 */
export class DriftReadModel {
  private computing: Promise<DriftSnapshot> | undefined;
  private computed: { at: number; snapshot: DriftSnapshot } | undefined;

  constructor(
    private readonly options: {
      drift: DriftService;
      store: DriftStore;
      logger: LoggerService;
      /** Asks for the scheduled task to run now (its errors are logged). */
      onStale: () => Promise<void>;
      /** Milliseconds since the epoch; tests pass their own clock. */
      now?: () => number;
    },
  ) {}

  /** The newest snapshot that knows every entity in `needs`. */
  async snapshot(needs: Iterable<string>): Promise<DriftSnapshot> {
    const now = this.options.now ?? Date.now;
    const stored = await this.options.store.read();
    const computed = this.computed;
    const newest =
      computed &&
      (!stored || computed.snapshot.generatedAt > stored.generatedAt)
        ? computed.snapshot
        : stored;
    if (newest) {
      const fresh = computed !== undefined && now() - computed.at < FRESH_MS;
      const known = new Set(newest.services.map(s => s.entityRef));
      if (fresh || [...needs].every(ref => known.has(ref))) return newest;
    }
    this.computing ??= this.options.drift
      .compute()
      .then(snapshot => {
        this.computed = { at: now(), snapshot };
        this.options.onStale().catch(error => {
          this.options.logger.warn(
            `Could not start the drift task to store a new snapshot: ${error}`,
          );
        });
        return snapshot;
      })
      .finally(() => {
        this.computing = undefined;
      });
    return this.computing;
  }
}
