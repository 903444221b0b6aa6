import { spawn, type ChildProcess } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answers } from './infra';

/**
 * nats-server processes of a test's own, for tests that stop, kill and
 * restart the broker (the shared server at TEST_NATS_URL must stay up for
 * everyone else). The binary is NATS_SERVER_BIN, default /usr/sbin/nats-server.
 */
export const NATS_SERVER_BIN =
  process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

export interface NatsTestServer {
  /** nats://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** JetStream's store directory: kept across stop() and restart(). */
  readonly storeDir: string;
  /** Whether the process is running. */
  running(): boolean;
  /** SIGTERM (a clean shutdown); resolves once the process has exited. */
  stop(): Promise<void>;
  /** Kills the process (default SIGKILL: a crash); resolves once it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stops it when running, then starts it again on the same port and store directory. */
  restart(): Promise<void>;
  /** Stops it and deletes the store directory when startNatsServer created it. */
  dispose(): Promise<void>;
}

/**
 * Whether NATS_SERVER_BIN can be run. When it cannot, the tests that need it
 * are skipped with a printed reason, except with CI=true, where it throws.
 */
export async function natsServerAvailable(): Promise<boolean> {
  try {
    await access(NATS_SERVER_BIN, fsConstants.X_OK);
    return true;
  } catch {
    const reason = `${NATS_SERVER_BIN} is missing or not executable (set NATS_SERVER_BIN)`;
    if (process.env.CI === 'true') {
      throw new Error(
        `${reason}; CI needs it for the tests that stop and start NATS.`,
      );
    }
    console.warn(`skipped: nats-server tests, because ${reason}.`);
    return false;
  }
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test that fails half-way must not leave servers behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * Starts `nats-server -a 127.0.0.1 -p <port> -js -sd <storeDir>` and resolves
 * once it accepts connections. Default port: a free one; default store
 * directory: a new temporary one (deleted by dispose()).
 */
export async function startNatsServer(
  options: { port?: number; storeDir?: string; startTimeoutMs?: number } = {},
): Promise<NatsTestServer> {
  if (!(await natsServerAvailable())) {
    throw new Error(`${NATS_SERVER_BIN} is not available`);
  }
  installExitHook();
  const port = options.port ?? (await freePort());
  const ownDir = options.storeDir === undefined;
  const storeDir =
    options.storeDir ?? (await mkdtemp(path.join(tmpdir(), 'nats-test-')));
  const url = `nats://127.0.0.1:${port}`;
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    const proc = spawn(
      NATS_SERVER_BIN,
      ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      // The last lines say why a server did not start (port in use...).
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    let hasExited = false;
    exited = new Promise(resolve =>
      proc.once('exit', () => {
        hasExited = true;
        running.delete(proc);
        resolve();
      }),
    );
    proc.once('error', () => undefined);
    running.add(proc);
    child = proc;
    const deadline = Date.now() + startTimeoutMs;
    while (!(await answers(url, port))) {
      if (hasExited || Date.now() > deadline) {
        proc.kill('SIGKILL');
        await exited;
        throw new Error(
          `nats-server did not start on port ${port}${
            hasExited ? ' (it exited)' : ` within ${startTimeoutMs} ms`
          }: ${stderr.trim()}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    // Something else may hold the port: then ours has exited by now.
    await new Promise(resolve => setTimeout(resolve, 20));
    if (hasExited) {
      throw new Error(
        `nats-server exited at start on port ${port}: ${stderr.trim()}`,
      );
    }
  };

  const signal = async (sig: NodeJS.Signals) => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill(sig);
    await exited;
  };

  await start();
  return {
    url,
    port,
    storeDir,
    running: () =>
      child !== undefined &&
      child.exitCode === null &&
      child.signalCode === null,
    stop: () => signal('SIGTERM'),
    kill: (sig: NodeJS.Signals = 'SIGKILL') => signal(sig),
    restart: async () => {
      await signal('SIGTERM');
      await start();
    },
    dispose: async () => {
      await signal('SIGTERM');
      if (ownDir) await rm(storeDir, { recursive: true, force: true });
    },
  };
}
