/* eslint-disable no-console */
// A benchmark run by jest (yarn bench:upgrade), not production code: it uses
// the upgrade test harness.
// eslint-disable-next-line no-restricted-imports
import { upgradeHarness } from '../__testUtils__/upgradeHarness';

/**
 * `[BENCH_SERVICES=200] [BENCH_CONCURRENCY=3] yarn bench:upgrade`: prints figures,
 * asserts nothing. Creates SERVICES services from the node-service template's
 * 2.0.0 (local git repositories), then in the same run:
 * 1. a fleet upgrade to the current version: one upgrade-service task per
 *    service through the scaffolder, CONCURRENCY at a time (as the Golden
 *    path page's fleet upgrade runs them);
 * 2. the baseline: regenerating every service from scratch with the current
 *    version (the scaffolder's dry run of the template, fetch:template and
 *    the steps before publishing), CONCURRENCY at a time.
 */

const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} needs a positive whole number`);
  }
  return value;
};

const SERVICES = positive('BENCH_SERVICES', 200);
const CONCURRENCY = positive('BENCH_CONCURRENCY', 3);

/** Runs `work` over `items`, `limit` at a time; each item's duration in ms. */
async function timedPool<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
) {
  const durations: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const start = performance.now();
        await work(item);
        durations.push(performance.now() - start);
      }
    }),
  );
  return durations.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function report(what: string, totalMs: number, durations: number[]) {
  console.log(
    `${what}: ${durations.length} services in ${secs(totalMs)} (${(
      durations.length /
      (totalMs / 1000)
    ).toFixed(1)}/s); per service p50 ${secs(pct(durations, 0.5))}, p95 ${secs(
      pct(durations, 0.95),
    )}, max ${secs(durations[durations.length - 1])}`,
  );
}

const names = Array.from(
  { length: SERVICES },
  (_, i) => `bench-${String(i + 1).padStart(3, '0')}`,
);
const harness = upgradeHarness({ services: names });

describe('bench:upgrade', () => {
  let history: typeof harness.history;

  beforeAll(async () => {
    await harness.start();
    history = harness.history;
  }, 600_000);
  afterAll(() => harness.stop());

  // A benchmark: it prints figures and asserts nothing.
  // eslint-disable-next-line jest/expect-expect
  it('prints the fleet upgrade against regenerating from scratch', async () => {
    console.log(
      `bench:upgrade: ${SERVICES} services from node-service 2.0.0 to ${history.currentVersion}, ${CONCURRENCY} at a time`,
    );
    let start = performance.now();
    const created = await timedPool(names, CONCURRENCY, async name => {
      await harness.create(name, '2.0.0');
    });
    report(
      'create at 2.0.0 (render + git commit)',
      performance.now() - start,
      created,
    );

    const failures: string[] = [];
    let conflicts = 0;
    start = performance.now();
    const upgraded = await timedPool(names, CONCURRENCY, async name => {
      const task = await harness.runUpgrade(`component:default/${name}`);
      if (task.status !== 'completed')
        failures.push(`${name}: ${task.log.split('\n').pop()}`);
      else if (
        !String(task.output?.text?.[0]?.content).includes(
          '**With conflicts**: none.',
        )
      )
        conflicts++;
    });
    report(
      'fleet upgrade (2 renders + 3-way merge + branch commit, as scaffolder tasks)',
      performance.now() - start,
      upgraded,
    );
    console.log(
      `  upgraded ${
        SERVICES - failures.length
      }, with conflicts ${conflicts}, failed ${failures.length}${
        failures.length ? `: ${failures.slice(0, 3).join('; ')}` : ''
      }`,
    );

    start = performance.now();
    const regenerated = await timedPool(names, CONCURRENCY, async name => {
      await harness.freshRender(name);
    });
    report(
      `regenerate from scratch at ${history.currentVersion} (dry run: fetch:template and the steps before publishing)`,
      performance.now() - start,
      regenerated,
    );
    const memory = process.memoryUsage();
    console.log(
      `  memory: rss ${(memory.rss / 1024 / 1024).toFixed(0)} MB, heap used ${(
        memory.heapUsed /
        1024 /
        1024
      ).toFixed(0)} MB`,
    );
  }, 3_600_000);
});
