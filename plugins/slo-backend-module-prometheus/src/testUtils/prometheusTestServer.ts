/* eslint-disable no-console */ // the skip reason is printed for whoever runs the tests
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real Prometheus for tests: the binary at PROMETHEUS_PATH or
 * /usr/bin/prometheus (Debian's `apt-get install -y prometheus`, which also
 * brings promtool), started on a free loopback port with its own config and
 * TSDB in a temp dir, and stopped and removed by `stop()`.
 */

const DEFAULT_PROMETHEUS = '/usr/bin/prometheus';

function inCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

let skipPrinted = false;

/**
 * The Prometheus binary, or undefined (tests skip, printing why once).
 * With CI=true a missing binary throws: CI must run these tests.
 * @public
 */
export function findPrometheus():
  | { prometheus: string; promtool: string }
  | undefined {
  const prometheus = process.env.PROMETHEUS_PATH ?? DEFAULT_PROMETHEUS;
  const promtool = path.join(path.dirname(prometheus), 'promtool');
  const missing = [prometheus, promtool].filter(file => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return { prometheus, promtool };
  const reason = `${missing.join(' and ')} ${
    missing.length > 1 ? 'are' : 'is'
  } missing: install Prometheus with 'apt-get install -y prometheus' or set PROMETHEUS_PATH`;
  if (inCi()) {
    throw new Error(
      `${reason}. CI needs it for the Prometheus SLI source tests.`,
    );
  }
  if (!skipPrinted) {
    skipPrinted = true;
    console.log(`skipped: Prometheus SLI source tests, because ${reason}.`);
  }
  return undefined;
}

/** A TCP port nothing listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Polls `probe` until it returns something truthy; errors count as "not yet". */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/**
 * A Prometheus process started by `startPrometheus`.
 * @public
 */
export type RunningPrometheus = {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  dir: string;
  /** Evaluates an instant query directly, for test set-up checks. */
  query(promql: string, timeMs?: number): Promise<any[]>;
  /** Stops the process (keeps the temp dir). */
  kill(): Promise<void>;
  /** Stops the process and removes the temp dir. */
  stop(): Promise<void>;
};

function exited(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts Prometheus on a free loopback port, scraping `scrapeTarget`
 * (host:port) every second when given, on `tsdbPath` when given (e.g. a
 * backfilled TSDB), and waits until /-/ready answers.
 */
export async function startPrometheus(options: {
  binary: string;
  scrapeTarget?: string;
  tsdbPath?: string;
}): Promise<RunningPrometheus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-prometheus-'));
  const tsdbPath = options.tsdbPath ?? path.join(dir, 'data');
  const configFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(
    configFile,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      ...(options.scrapeTarget
        ? [
            '  - job_name: sli',
            '    static_configs:',
            `      - targets: ['${options.scrapeTarget}']`,
          ]
        : []),
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log: string[] = [];
  const child = spawn(
    options.binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${tsdbPath}`,
      // Backfilled data lies in the past; keep all of it.
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', chunk => {
    log.push(String(chunk));
    if (log.length > 50) log.shift();
  });

  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(timer);
    }
  };
  const stop = async () => {
    await kill();
    fs.rmSync(dir, { recursive: true, force: true });
    if (options.tsdbPath) {
      fs.rmSync(options.tsdbPath, { recursive: true, force: true });
    }
  };

  try {
    await waitFor(
      `Prometheus to be ready at ${url}`,
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`Prometheus exited: ${log.join('').slice(-2000)}`);
        }
        return (await fetch(`${url}/-/ready`)).ok;
      },
      60_000,
    );
  } catch (error) {
    await stop();
    throw new Error(
      `${(error as Error).message}\n${log.join('').slice(-2000)}`,
    );
  }

  const query = async (promql: string, timeMs?: number) => {
    const params = new URLSearchParams({ query: promql });
    if (timeMs !== undefined) params.set('time', String(timeMs / 1000));
    const response = await fetch(`${url}/api/v1/query?${params}`);
    const body = await response.json();
    if (body.status !== 'success') throw new Error(JSON.stringify(body));
    return body.data.result;
  };

  return { url, dir, query, kill, stop };
}

/** An HTTP server exposing counters in the Prometheus text format on /metrics. */
export type CounterTarget = {
  /** host:port, for a scrape config. */
  address: string;
  /**
   * Sets `sli_requests_total{<labels>}`, labels as PromQL text such as
   * `case="a",outcome="good"`; a lower value simulates a process restart.
   */
  set(labels: string, value: number): void;
  add(labels: string, delta: number): void;
  close(): Promise<void>;
};

/** Starts a /metrics endpoint on a free loopback port with counters the test controls. */
export async function startCounterTarget(): Promise<CounterTarget> {
  const counters = new Map<string, number>();
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const lines = [
      '# HELP sli_requests_total Requests by outcome.',
      '# TYPE sli_requests_total counter',
      ...[...counters].map(
        ([labels, value]) => `sli_requests_total{${labels}} ${value}`,
      ),
      '',
    ];
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(lines.join('\n'));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    set: (labels, value) => counters.set(labels, value),
    add: (labels, delta) =>
      counters.set(labels, (counters.get(labels) ?? 0) + delta),
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Starts a plain HTTP server answering every request with `handler`. */
export async function startFakeServer(
  handler: http.RequestListener,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
