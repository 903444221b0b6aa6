import {
  CacheService,
  CacheServiceSetOptions,
  coreServices,
  createServiceFactory,
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import adrPlugin from '@golden-path/plugin-adr-backend';
import goldenPathPlugin from '@golden-path/plugin-golden-path-backend';
import readinessPlugin from '@golden-path/plugin-readiness-backend';
import sloPlugin from '@golden-path/plugin-slo-backend';
import { SloEntityDetail } from '@golden-path/plugin-slo-common';
import request from 'supertest';

/*
 * Two replicas of the backend on one PostgreSQL database, as a company past
 * one machine runs Backstage: the real database scheduler (distributed
 * locks in the database) in both, each plugin's tables shared.
 */

const POSTGRES = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
// scripts/test.sh names the server's own major version (postgres-test-env.js).
const postgresMajor = Object.keys(process.env)
  .map(key =>
    key.match(/^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/),
  )
  .find(match => match && process.env[match[0]])?.[1];
const hasPostgres = Boolean(postgresMajor);
const POSTGRES_ID = `POSTGRES_${postgresMajor ?? 15}` as TestDatabaseId;
// No PostgreSQL: skipped with the reason. In CI scripts/test.sh has already
// failed loudly (it runs jest with CI=true on every machine, so CI=true
// here cannot tell a CI run from a user's).
if (!hasPostgres) {
  // eslint-disable-next-line no-console
  console.log(
    `Skipping replicas.test.ts: ${POSTGRES} is not set (two replicas need one PostgreSQL database)`,
  );
}
const describeOnPostgres = hasPostgres ? describe : describe.skip;

const CADENCE_S = 3;
/** Long enough for the scheduler (a worker looks for due work every 5 s). */
const OBSERVE_MS = 16_000;
const TASKS = [
  'readiness-evaluate',
  'slo-compute',
  'adr-ingest',
  'golden-path-drift',
];

type Run = { replica: string; taskId: string; start: number; end?: number };

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The real database scheduler, recording every run of every task. */
function recordingScheduler(replica: string, runs: Run[]) {
  return createServiceFactory({
    service: coreServices.scheduler,
    deps: {
      database: coreServices.database,
      logger: coreServices.logger,
      rootLifecycle: coreServices.rootLifecycle,
      httpRouter: coreServices.httpRouter,
      pluginMetadata: coreServices.pluginMetadata,
      metrics: metricsServiceRef,
    },
    async factory(deps): Promise<SchedulerService> {
      const real = DefaultSchedulerService.create(deps);
      const record = (
        task: SchedulerServiceTaskInvocationDefinition,
      ): SchedulerServiceTaskInvocationDefinition => ({
        ...task,
        fn: async signal => {
          const run: Run = { replica, taskId: task.id, start: Date.now() };
          runs.push(run);
          try {
            await task.fn(signal);
          } finally {
            run.end = Date.now();
          }
        },
      });
      return {
        triggerTask: id => real.triggerTask(id),
        cancelTask: id => real.cancelTask(id),
        getScheduledTasks: () => real.getScheduledTasks(),
        scheduleTask: task => real.scheduleTask({ ...task, ...record(task) }),
        createScheduledTaskRunner: schedule => ({
          run: task => real.scheduleTask({ ...schedule, ...record(task) }),
        }),
      };
    },
  });
}

/**
 * One cache store for both replicas, as Redis would be: the values of
 * each plugin under its own namespace.
 */
function sharedCacheFactory(store: Map<string, { value: any; until: number }>) {
  return createServiceFactory({
    service: coreServices.cache,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    factory({ pluginMetadata }) {
      const make = (defaultTtl?: number): CacheService => {
        const full = (key: string) => `${pluginMetadata.getId()}:${key}`;
        return {
          async get(key) {
            const hit = store.get(full(key));
            if (!hit || hit.until < Date.now()) return undefined;
            return hit.value;
          },
          async set(key, value, options?: CacheServiceSetOptions) {
            const ttl = (options?.ttl as number | undefined) ?? defaultTtl;
            store.set(full(key), {
              value,
              until: ttl ? Date.now() + ttl : Infinity,
            });
          },
          async delete(key) {
            store.delete(full(key));
          },
          withOptions: options =>
            make((options.defaultTtl as number | undefined) ?? defaultTtl),
        };
      };
      return make();
    },
  });
}

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: { 'golden-path.io/tier': 'important' },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments',
      namespace: 'default',
      annotations: { 'golden-path.io/tier': 'important' },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  },
];

const every = (seconds: number) => ({
  frequency: { seconds },
  timeout: { minutes: 1 },
  initialDelay: { seconds: 0 },
});

describeOnPostgres('two backend replicas on one PostgreSQL database', () => {
  const databases = TestDatabases.create({ ids: [POSTGRES_ID] });
  const runs: Run[] = [];
  const cache = new Map<string, { value: any; until: number }>();
  let knexByPlugin: Map<string, ReturnType<TestDatabases['init']>>;
  let a: TestBackend;
  let b: TestBackend;
  const user = mockCredentials.user.header();
  const service = mockCredentials.service.header();

  const start = (replica: string, sharedCache: boolean) => {
    return startTestBackend({
      features: [
        readinessPlugin,
        sloPlugin,
        adrPlugin,
        goldenPathPlugin,
        recordingScheduler(replica, runs),
        ...(sharedCache ? [sharedCacheFactory(cache)] : []),
        createServiceFactory({
          service: coreServices.database,
          deps: { pluginMetadata: coreServices.pluginMetadata },
          factory({ pluginMetadata }) {
            const id = pluginMetadata.getId();
            if (!knexByPlugin.has(id)) {
              knexByPlugin.set(id, databases.init(POSTGRES_ID));
            }
            return { getClient: () => knexByPlugin.get(id)! };
          },
        }),
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            goldenPath: {
              refresh: { minInterval: { minutes: 1 } },
              readiness: {
                schedule: every(CADENCE_S),
                collectors: {
                  catalog: { schedule: every(CADENCE_S) },
                  repository: { schedule: every(CADENCE_S) },
                  'golden-path': { schedule: every(CADENCE_S) },
                },
              },
              slo: { schedule: every(CADENCE_S) },
              adr: { schedule: every(CADENCE_S) },
              drift: { schedule: every(CADENCE_S) },
            },
          },
        }),
      ],
    });
  };

  beforeAll(async () => {
    knexByPlugin = new Map();
    // One after the other, as a rolling deployment starts them: Backstage's
    // scheduler creates its knex bookkeeping tables without a lock, so two
    // replicas starting at the same moment on an empty database can fail
    // in DefaultSchedulerService (our plugins' own migrations wait, see
    // migrateToLatest).
    a = await start('a', true);
    b = await start('b', true);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('runs every scheduled task once per cadence, never on both replicas', async () => {
    const from = Date.now();
    await sleep(OBSERVE_MS);
    const to = Date.now();
    const seen = runs.filter(run => run.start >= from && run.start < to);
    const taskIds = [...new Set(seen.map(run => run.taskId))].sort();
    expect(taskIds).toEqual(expect.arrayContaining(TASKS));
    // A cadence is a slot in the database (next run = last slot + cadence,
    // or now when late), so a late run can be followed closely by the next
    // slot's; what two replicas would show is twice the slots' runs.
    const slots = Math.floor((to - from) / (CADENCE_S * 1000)) + 1;
    for (const taskId of taskIds) {
      const ofTask = seen
        .filter(run => run.taskId === taskId)
        .sort((x, y) => x.start - y.start);
      expect(ofTask.length).toBeGreaterThanOrEqual(2);
      expect(ofTask.length).toBeLessThanOrEqual(slots);
      // One run at a time: each starts after the one before it ended.
      for (let i = 1; i < ofTask.length; i++) {
        expect(ofTask[i].start).toBeGreaterThanOrEqual(ofTask[i - 1].end!);
      }
    }
  }, 60_000);

  it.each([
    ['readiness', '/api/readiness/v1/refresh', 'readiness-evaluate'],
    ['slo', '/api/slo/v1/refresh', 'slo-compute'],
    ['adr', '/api/adr/refresh', 'adr-ingest'],
    ['golden-path', '/api/golden-path/drift/refresh', 'golden-path-drift'],
  ])(
    'refuses on replica B a %s refresh just started on replica A (429 from the shared limit)',
    async (_plugin, path, taskId) => {
      const post = (backend: TestBackend) =>
        request(backend.server).post(path).set('authorization', user).send({});
      expect((await post(a)).status).toBe(202);
      const refused = await post(b);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // The accepted one ran the task (on whichever replica claimed it).
      const from = Date.now() - 1000;
      for (let i = 0; i < 200; i++) {
        if (runs.some(run => run.taskId === taskId && run.start >= from)) {
          break;
        }
        await sleep(50);
      }
      expect(runs.some(run => run.taskId === taskId && run.start >= from)).toBe(
        true,
      );
    },
    30_000,
  );

  it('shows an attestation made on one replica on the other at once', async () => {
    const path = '/api/readiness/v1/entities/component/default/orders';
    const made = await request(a.server)
      .post(`${path}/attestations`)
      .set('authorization', user)
      .send({ checkId: 'failover-drill', comment: 'Drill on replica A' });
    expect(made.status).toBeLessThan(300);
    const listed = await request(b.server)
      .get(`${path}/attestations`)
      .set('authorization', user);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain('Drill on replica A');
  });

  it('shows SLI data sent to one replica on the other once it is computed', async () => {
    const sloRef = 'component:default/orders#orders-availability';
    const points = Array.from({ length: 10 }, (_, i) => ({
      sloRef,
      timestamp: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
      good: i < 5 ? 999 : 1000,
      total: 1000,
    }));
    const sent = await request(a.server)
      .post('/api/slo/v1/sli')
      .set('authorization', service)
      .send({ points });
    expect(sent.status).toBe(200);
    // The ingestion stores points; the slo-compute task (scheduled, on
    // either replica) turns them into budgets.
    const attainment = async () => {
      const res = await request(b.server)
        .get('/api/slo/v1/entities/component/default/orders')
        .set('authorization', user);
      const detail = res.body as SloEntityDetail;
      return detail.slos?.find(slo => slo.ref === sloRef)?.attainment;
    };
    let seen: number | null | undefined;
    for (let i = 0; i < 100 && typeof seen !== 'number'; i++) {
      seen = await attainment();
      if (typeof seen !== 'number') await sleep(200);
    }
    expect(seen).toBeCloseTo(9995 / 10000, 12);
  }, 30_000);
  it('keeps every SLI batch sent to the two replicas at the same moment', async () => {
    const sloRef = 'component:default/payments#payments-availability';
    // Six batches of ten minutes, all in one hour two hours ago (so in one
    // hourly roll-up), three to each replica at once.
    const hourStart =
      Math.floor(Date.now() / 3_600_000) * 3_600_000 - 7_200_000;
    const batch = (k: number) => ({
      points: Array.from({ length: 10 }, (_, i) => ({
        sloRef,
        timestamp: new Date(hourStart + (k * 10 + i) * 60_000).toISOString(),
        good: 1000 - k,
        total: 1000,
      })),
    });
    const sent = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(k =>
        request((k % 2 ? b : a).server)
          .post('/api/slo/v1/sli')
          .set('authorization', service)
          .send(batch(k)),
      ),
    );
    expect(sent.map(res => res.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const expected = (10 * (6000 - 15)) / 60_000;
    let seen: number | undefined;
    for (let i = 0; i < 100 && seen !== expected; i++) {
      const res = await request(a.server)
        .get('/api/slo/v1/entities/component/default/payments')
        .set('authorization', user);
      seen = (res.body as SloEntityDetail).slos?.find(slo => slo.ref === sloRef)
        ?.attainment as number | undefined;
      if (seen !== expected) await sleep(200);
    }
    expect(seen).toBeCloseTo(expected, 12);
  }, 30_000);
});

const REDIS = 'GP_TEST_REDIS_URL';
const redisUrl = process.env[REDIS];
if (hasPostgres && !redisUrl) {
  // eslint-disable-next-line no-console
  console.log(
    `Skipping the Redis case of replicas.test.ts: ${REDIS} is not set (e.g. redis://127.0.0.1:6379)`,
  );
}

const runId = `${process.pid}-${Date.now()}`;
const cacheCases: Array<[string, string | undefined]> = [
  ['a memory cache each (the default)', undefined],
];
if (redisUrl)
  cacheCases.push(['one Redis cache (start.sh --replicas)', redisUrl]);
describeOnPostgres.each(cacheCases)('two replicas with %s', (_name, redis) => {
  const databases = TestDatabases.create({ ids: [POSTGRES_ID] });
  const runs: Run[] = [];
  let knex: ReturnType<TestDatabases['init']>;
  let a: TestBackend;
  let b: TestBackend;

  const start = (replica: string) =>
    startTestBackend({
      features: [
        sloPlugin,
        recordingScheduler(replica, runs),
        createServiceFactory({
          service: coreServices.database,
          deps: {},
          factory: () => ({ getClient: () => knex }),
        }),
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            ...(redis
              ? {
                  backend: {
                    cache: {
                      store: 'redis',
                      connection: redis,
                      // Unique per run: an earlier run's limit is not seen.
                      redis: { client: { namespace: `gp-test-${runId}` } },
                    },
                  },
                }
              : {}),
            goldenPath: {
              refresh: { minInterval: { seconds: 2 } },
              // Runs at start-up, then only when a refresh triggers it.
              slo: {
                schedule: {
                  frequency: { hours: 1 },
                  timeout: { minutes: 1 },
                  initialDelay: { seconds: 0 },
                },
              },
            },
          },
        }),
      ],
    });

  beforeAll(async () => {
    knex = databases.init(POSTGRES_ID);
    a = await start('a');
    b = await start('b');
    // The start-up run, before the refreshes are counted.
    for (let i = 0; i < 100 && !runs.some(run => run.end); i++) {
      await sleep(100);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const refresh = (backend: TestBackend) =>
    request(backend.server)
      .post('/api/slo/v1/refresh')
      .set('authorization', mockCredentials.user.header())
      .send({});
  const computeRuns = (from: number) =>
    runs.filter(run => run.taskId === 'slo-compute' && run.start >= from);

  if (redis) {
    it('refuses on replica B a refresh just started on replica A (429)', async () => {
      const from = Date.now();
      expect((await refresh(a)).status).toBe(202);
      expect((await refresh(b)).status).toBe(429);
      await sleep(7_000);
      expect(computeRuns(from)).toHaveLength(1);
    }, 30_000);
  }

  it('runs the task once for two refreshes sent to both replicas at the same moment', async () => {
    const from = Date.now();
    const statuses = (await Promise.all([refresh(a), refresh(b)]))
      .map(res => res.status)
      .sort();
    // With Redis: one shared limit, but its check and claim are two cache
    // calls, so both may pass when they come within the same few
    // milliseconds. With a memory cache each: each replica limits only the
    // calls it receives.
    const possible = redis
      ? [
          [202, 202],
          [202, 429],
        ]
      : [[202, 202]];
    expect(possible).toContainEqual(statuses);
    // Both triggers land on the one task row: the scheduler starts one
    // run (a trigger of a task already due or running changes nothing).
    await sleep(7_000);
    expect(computeRuns(from)).toHaveLength(1);
  }, 30_000);
});

describeOnPostgres(
  'two replicas starting at the same moment on an empty database',
  () => {
    const databases = TestDatabases.create({ ids: [POSTGRES_ID] });
    const knexByPlugin = new Map<string, ReturnType<TestDatabases['init']>>();
    const backends: TestBackend[] = [];

    afterAll(async () => {
      await Promise.all(backends.map(backend => backend.stop()));
    });

    it('both start: our plugins migrate one after the other', async () => {
      const start = () =>
        startTestBackend({
          features: [
            readinessPlugin,
            sloPlugin,
            adrPlugin,
            goldenPathPlugin,
            // Backstage's own scheduler creates its tables without waiting
            // for another replica (see the first block); this case is about
            // the plugins' migrations only.
            mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
            createServiceFactory({
              service: coreServices.database,
              deps: { pluginMetadata: coreServices.pluginMetadata },
              factory({ pluginMetadata }) {
                const id = pluginMetadata.getId();
                if (!knexByPlugin.has(id)) {
                  knexByPlugin.set(id, databases.init(POSTGRES_ID));
                }
                return { getClient: () => knexByPlugin.get(id)! };
              },
            }),
            catalogServiceMock.factory({ entities }),
          ],
        });
      backends.push(...(await Promise.all([start(), start()])));
      for (const backend of backends) {
        const res = await request(backend.server)
          .get('/api/readiness/v1/checks')
          .set('authorization', mockCredentials.user.header());
        expect(res.status).toBe(200);
      }
    }, 120_000);
  },
);
