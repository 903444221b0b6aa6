/**
 * Per-request overhead of the resilience policy and of tracing, against a
 * bare handler: `npx tsx bench/overhead.ts` (or `npm run bench`).
 *
 * Each variant runs in a fresh child process (the OpenTelemetry SDK patches
 * http process-wide, so a traced and an untraced server cannot share one),
 * serving GET /call whose handler makes one downstream call: an in-process
 * async function that answers after `downstreamMs` (0: on the next turn of
 * the event loop, the worst case for relative overhead; 1: a fast real
 * dependency such as a cache or an indexed query; 5: a typical HTTP
 * dependency). All three are run.
 *
 * - bare: the handler calls the downstream directly, no SDK;
 * - policy: through createPolicy() (budget, bulkhead, retry, breaker, timeout);
 * - tracing: SDK on (HTTP server span, batch processor, spans dropped by the
 *   exporter), downstream call in a withSpan CLIENT span;
 * - policy+tracing: both, as the service runs.
 *
 * The load generator (this process) sends a fixed number of requests at a
 * fixed concurrency with Node's global fetch (keep-alive), after a warm-up,
 * in interleaved rounds; it prints the median over rounds of each figure.
 * It prints, asserts nothing; the goal is policy+tracing within 10 % of bare.
 */
import { SpanKind } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import {
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import Fastify from 'fastify';
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createPolicy } from '../src/resilience/policies';
import { startTelemetry } from '../src/telemetry/sdk';
import { withSpan } from '../src/telemetry/trace';

const VARIANTS = ['bare', 'policy', 'tracing', 'policy+tracing'] as const;
type Variant = (typeof VARIANTS)[number];

export interface OverheadOptions {
  /** Measured requests per variant and round. */
  requests?: number;
  concurrency?: number;
  /** Requests sent before measuring, per variant and round. */
  warmup?: number;
  rounds?: number;
  /** Downstream latencies to run the comparison at (default [0, 1, 5]). */
  downstreamMs?: number[];
}

export interface VariantFigures {
  variant: Variant;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
}

export interface DownstreamFigures {
  downstreamMs: number;
  variants: VariantFigures[];
  /** policy+tracing mean latency / bare mean latency - 1. */
  meanOverhead: number;
  p99Overhead: number;
}

export interface OverheadResult {
  requests: number;
  concurrency: number;
  rounds: number;
  byDownstream: DownstreamFigures[];
  /** In-process microseconds per call, without HTTP. */
  perCall: { policyUs: number; spanUs: number };
}

const CHILD_ENV = 'OVERHEAD_BENCH_VARIANT';
const DOWNSTREAM_ENV = 'OVERHEAD_BENCH_DOWNSTREAM_MS';

/** Child side: serve one variant, report the port over IPC. */
async function serve(variant: Variant, downstreamMs: number): Promise<void> {
  const traced = variant === 'tracing' || variant === 'policy+tracing';
  if (traced) {
    // Spans go through the batch processor as in production, then are dropped.
    startTelemetry({
      serviceName: 'overhead-bench',
      serviceVersion: '0.0.0',
      tier: 'standard',
      spanProcessors: [
        new BatchSpanProcessor({ exporter: droppingExporter() }),
      ],
      otlp: false,
    });
  }
  const policy = createPolicy('downstream', {
    tier: 'standard',
    logger: { info: () => {}, warn: () => {} },
    env: {},
  });
  const downstream = (_signal?: AbortSignal) =>
    new Promise<{ ok: true }>(resolve =>
      downstreamMs === 0
        ? setImmediate(() => resolve({ ok: true }))
        : setTimeout(() => resolve({ ok: true }), downstreamMs),
    );
  const viaPolicy = () =>
    policy.execute((signal: AbortSignal) => downstream(signal), {
      idempotent: true,
    });

  const handlers: Record<Variant, () => Promise<{ ok: true }>> = {
    bare: () => downstream(),
    policy: viaPolicy,
    tracing: () =>
      withSpan('downstream call', { kind: SpanKind.CLIENT }, () =>
        downstream(),
      ),
    'policy+tracing': () =>
      withSpan('downstream call', { kind: SpanKind.CLIENT }, viaPolicy),
  };
  const app = Fastify({ logger: false });
  app.get('/call', handlers[variant]);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  process.send?.({ port });
  process.on('disconnect', () => {
    void app.close().then(() => process.exit(0));
  });
}

/** Parent side: start a child for `variant`, wait for its port. */
function startChild(
  variant: Variant,
  downstreamMs: number,
): Promise<{ url: string; stop(): void }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], {
      env: {
        ...process.env,
        [CHILD_ENV]: variant,
        [DOWNSTREAM_ENV]: String(downstreamMs),
      },
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('exit', code =>
      reject(
        new Error(`bench server '${variant}' exited early (code ${code})`),
      ),
    );
    child.once('message', message => {
      const { port } = message as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}/call`,
        stop: () => {
          child.removeAllListeners('exit');
          child.disconnect();
        },
      });
    });
  });
}

async function load(url: string, total: number, concurrency: number) {
  const latencies = new Float64Array(total);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const started = performance.now();
      const response = await fetch(url);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      latencies[i] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    meanMs: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    requestsPerSecond: total / seconds,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

export async function runOverheadBench(
  options: OverheadOptions = {},
): Promise<OverheadResult> {
  const requests = options.requests ?? 5_000;
  const concurrency = options.concurrency ?? 10;
  const warmup = options.warmup ?? 1_000;
  const rounds = options.rounds ?? 3;
  const downstreams = options.downstreamMs ?? [0, 1, 5];
  console.log(
    `\nPolicy + tracing overhead: ${requests} requests at concurrency ${concurrency}, ` +
      `${warmup} warm-up, ${rounds} interleaved rounds, one server process per variant`,
  );
  const byDownstream: DownstreamFigures[] = [];
  for (const downstreamMs of downstreams) {
    console.log(
      `\n  downstream call answering in ${
        downstreamMs === 0 ? 'the next event-loop turn' : `${downstreamMs} ms`
      }:`,
    );
    const runs = new Map<Variant, Omit<VariantFigures, 'variant'>[]>(
      VARIANTS.map(v => [v, []]),
    );
    for (let round = 1; round <= rounds; round++) {
      for (const variant of VARIANTS) {
        const child = await startChild(variant, downstreamMs);
        try {
          await load(child.url, warmup, concurrency);
          runs.get(variant)!.push(await load(child.url, requests, concurrency));
        } finally {
          child.stop();
        }
      }
    }
    const variants = VARIANTS.map((variant): VariantFigures => {
      const r = runs.get(variant)!;
      return {
        variant,
        meanMs: median(r.map(x => x.meanMs)),
        p50Ms: median(r.map(x => x.p50Ms)),
        p99Ms: median(r.map(x => x.p99Ms)),
        requestsPerSecond: median(r.map(x => x.requestsPerSecond)),
      };
    });
    const bare = variants[0]!;
    console.log(
      '  variant          mean ms   p50 ms   p99 ms    req/s   mean vs bare   p99 vs bare',
    );
    for (const v of variants) {
      console.log(
        `  ${v.variant.padEnd(15)} ${v.meanMs.toFixed(3).padStart(8)} ${v.p50Ms
          .toFixed(3)
          .padStart(8)} ` +
          `${v.p99Ms.toFixed(3).padStart(8)} ${String(
            Math.round(v.requestsPerSecond),
          ).padStart(8)}   ` +
          `${percent(v.meanMs / bare.meanMs - 1).padStart(12)}   ${percent(
            v.p99Ms / bare.p99Ms - 1,
          ).padStart(11)}`,
      );
    }
    const full = variants[3]!;
    const meanOverhead = full.meanMs / bare.meanMs - 1;
    const p99Overhead = full.p99Ms / bare.p99Ms - 1;
    console.log(
      `  policy+tracing vs bare: mean ${percent(meanOverhead)}, p99 ${percent(
        p99Overhead,
      )} ` +
        `(goal: under +10 %; ${
          meanOverhead < 0.1 ? 'met' : 'not met'
        } on the mean; medians of ${rounds} rounds)`,
    );
    byDownstream.push({ downstreamMs, variants, meanOverhead, p99Overhead });
  }
  const perCall = await perCallCosts();
  console.log(
    `\n  in-process cost per call: policy.execute ${perCall.policyUs.toFixed(
      1,
    )} µs, ` +
      `withSpan (SDK on, batch processor) ${perCall.spanUs.toFixed(1)} µs`,
  );
  return { requests, concurrency, rounds, byDownstream, perCall };
}

/**
 * The same costs without HTTP or scheduling noise: microseconds per
 * policy.execute() and per withSpan() around an immediately resolved call.
 * Starts the SDK in this process (last, after the load runs).
 */
async function perCallCosts(): Promise<{ policyUs: number; spanUs: number }> {
  const calls = 50_000;
  const policy = createPolicy('micro', {
    tier: 'standard',
    logger: { info: () => {}, warn: () => {} },
    env: {},
  });
  const resolved = async () => 1;
  const time = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < calls / 10; i++) await fn(); // warm-up
    const started = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    const base = performance.now();
    for (let i = 0; i < calls; i++) await resolved();
    const end = performance.now();
    return ((base - started - (end - base)) * 1000) / calls;
  };
  const policyUs = await time(() =>
    policy.execute(resolved, { idempotent: true }),
  );
  const telemetry = startTelemetry({
    serviceName: 'overhead-bench',
    serviceVersion: '0.0.0',
    tier: 'standard',
    spanProcessors: [new BatchSpanProcessor({ exporter: droppingExporter() })],
    otlp: false,
  });
  try {
    const spanUs = await time(() => withSpan('micro', {}, resolved));
    return { policyUs, spanUs };
  } finally {
    await telemetry.shutdown();
  }
}

function droppingExporter(): SpanExporter {
  return {
    export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
    shutdown: async () => {},
  };
}

function percent(ratio: number): string {
  return `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)} %`;
}

const childVariant = process.env[CHILD_ENV];
if (childVariant !== undefined) {
  if (!(VARIANTS as readonly string[]).includes(childVariant)) {
    throw new Error(`${CHILD_ENV}: unknown variant '${childVariant}'`);
  }
  serve(
    childVariant as Variant,
    Number(process.env[DOWNSTREAM_ENV] ?? '0'),
  ).catch(error => {
    console.error(error);
    process.exit(1);
  });
} else if (require.main === module) {
  runOverheadBench().catch(error => {
    console.error(error);
    process.exitCode = 1;
  });
}
