/** See RetryBudget. */
export interface RetryBudgetOptions {
  /** Retries allowed per first attempt in the window (default 0.2: at most 20 % extra calls). */
  ratio?: number;
  /** Retries allowed per second whatever the traffic, so a quiet engine can still retry (default 5). */
  minRetriesPerSecond?: number;
  /** The sliding window both are counted over (default 10 s). */
  windowMs?: number;
}

export const RETRY_BUDGET_DEFAULTS: Readonly<Required<RetryBudgetOptions>> = {
  ratio: 0.2,
  minRetriesPerSecond: 5,
  windowMs: 10_000,
};

const SLOTS = 10;

/**
 * A retry budget in the manner of Finagle's and gRPC's: over a sliding
 * window, retries may be at most `ratio` times the first attempts plus
 * `minRetriesPerSecond` per second. Retrying within each call cannot tell a
 * blip from an outage; the budget can: while a dependency fails every call,
 * retries stop multiplying the load on it (and on the policy's own retries
 * beneath), while a few failures among many successes are still retried.
 *
 * Counted in SLOTS buckets of windowMs / SLOTS, so memory does not grow with
 * the traffic.
 */
export class RetryBudget {
  private readonly ratio: number;
  private readonly reserve: number;
  private readonly slotMs: number;
  private readonly slots: Array<{
    start: number;
    attempts: number;
    retries: number;
  }> = [];

  constructor(
    options: RetryBudgetOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    const { ratio, minRetriesPerSecond, windowMs } = {
      ...RETRY_BUDGET_DEFAULTS,
      ...definedOnly(options),
    };
    const problems: string[] = [];
    if (!(Number.isFinite(ratio) && ratio >= 0)) {
      problems.push('ratio must be a number >= 0');
    }
    if (!(Number.isFinite(minRetriesPerSecond) && minRetriesPerSecond >= 0)) {
      problems.push('minRetriesPerSecond must be a number >= 0');
    }
    if (!(Number.isFinite(windowMs) && windowMs >= SLOTS)) {
      problems.push(`windowMs must be a number >= ${SLOTS}`);
    }
    if (problems.length > 0) {
      throw new Error(`Invalid retry budget: ${problems.join('; ')}`);
    }
    this.ratio = ratio;
    this.reserve = (minRetriesPerSecond * windowMs) / 1000;
    this.slotMs = windowMs / SLOTS;
  }

  /** Counts a first attempt (each earns `ratio` of a retry). */
  recordAttempt(): void {
    this.current().attempts++;
  }

  /** Whether one more retry fits in the budget; if it does, it is counted. */
  tryRetry(): boolean {
    const slot = this.current();
    let attempts = 0;
    let retries = 0;
    for (const s of this.slots) {
      attempts += s.attempts;
      retries += s.retries;
    }
    // The epsilon keeps 0.2 x 5 from flooring to 0.
    if (retries >= Math.floor(this.reserve + this.ratio * attempts + 1e-9)) {
      return false;
    }
    slot.retries++;
    return true;
  }

  /** The current slot, after dropping those that left the window. */
  private current() {
    const now = this.now();
    const start = now - (now % this.slotMs);
    while (
      this.slots.length > 0 &&
      this.slots[0]!.start <= start - SLOTS * this.slotMs
    ) {
      this.slots.shift();
    }
    let slot = this.slots.at(-1);
    if (!slot || slot.start !== start) {
      slot = { start, attempts: 0, retries: 0 };
      this.slots.push(slot);
    }
    return slot;
  }
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
