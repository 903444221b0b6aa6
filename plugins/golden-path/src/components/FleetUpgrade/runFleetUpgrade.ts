import { ResponseError } from '@backstage/errors';
import type {
  LogEvent,
  ScaffolderApi,
  ScaffolderTaskOutput,
} from '@backstage/plugin-scaffolder-common';

/** The template that upgrades one service (templates/upgrade-service). */
export const UPGRADE_TEMPLATE_REF = 'template:default/upgrade-service';

/** How many upgrade tasks run at once: each renders two template versions. */
export const FLEET_CONCURRENCY = 3;

/** One service to upgrade and the template version to bring it to. */
export type FleetUpgradeTarget = { entityRef: string; version: string };

/** Where one service's upgrade stands. */
export type FleetUpgradeProgress =
  | { state: 'waiting' }
  | { state: 'running'; taskId?: string }
  | {
      state: 'done';
      taskId: string;
      /** The upgrade branch in the service's Repository tab. */
      branchUrl?: string;
      /** How many files have conflicts to resolve on the branch. */
      conflicts: number;
    }
  | { state: 'failed'; taskId?: string; message: string };

/**
 * How a fleet run ended. The three are disjoint: `upgraded` counts the
 * services upgraded without conflicts.
 */
export type FleetUpgradeSummary = {
  upgraded: number;
  withConflicts: number;
  failed: number;
};

/** The part of the scaffolder API a fleet run uses. */
export type FleetScaffolderApi = Pick<
  ScaffolderApi,
  'scaffold' | 'streamLogs' | 'getTask'
>;

/** Options of {@link runFleetUpgrade}. */
export type FleetUpgradeOptions = {
  scaffolderApi: FleetScaffolderApi;
  targets: ReadonlyArray<FleetUpgradeTarget>;
  /** Called on every change of a service's progress. */
  onProgress: (entityRef: string, progress: FleetUpgradeProgress) => void;
  /** At most this many tasks at once (default {@link FLEET_CONCURRENCY}). */
  concurrency?: number;
  /** Once aborted, no further task starts; running ones finish on their own. */
  signal?: AbortSignal;
  /** Wait before reconnecting to a task's event stream (default 2 s). */
  reconnectDelayMs?: number;
};

/** How often a lost event stream is reopened before asking for the task. */
const RECONNECTS = 3;

const FINISHED = ['completed', 'failed', 'cancelled'];

/**
 * "5 upgraded, 1 with conflicts, 1 failed"; the parts that are zero are
 * left out, but never all of them.
 */
export function fleetSummaryWords(summary: FleetUpgradeSummary): string {
  const parts = [
    summary.upgraded > 0 && `${summary.upgraded} upgraded`,
    summary.withConflicts > 0 && `${summary.withConflicts} with conflicts`,
    summary.failed > 0 && `${summary.failed} failed`,
  ].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(', ') : 'Nothing upgraded';
}

/**
 * The message to show for an error: the backend's own words when it is a
 * ResponseError (its cause), else the error's message.
 */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error) && error.cause.message) {
    return error.cause.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** How many files the upgrade summary (Markdown) lists with conflicts. */
export function conflictsInSummary(summary: string | undefined): number {
  const match = summary?.match(/\*\*With conflicts\*\*\s*\((\d+)\)/);
  return match ? Number(match[1]) : 0;
}

/** "InputError: The branch exists\n    at ..." → "The branch exists". */
function firstLineOfStack(message: string): string {
  const line = message.split('\n')[0].trim();
  return line.replace(/^[A-Za-z]*Error:\s*/, '');
}

type TaskOutcome =
  | { status: 'completed'; output?: ScaffolderTaskOutput }
  | { status: 'failed' | 'cancelled'; message?: string }
  | { status: 'lost' };

type StreamState = { after?: number; failureLog?: string };

/**
 * Follows the task's events until it completes, fails or is cancelled;
 * `lost` when the stream ended or broke first.
 */
function followTask(
  scaffolderApi: FleetScaffolderApi,
  taskId: string,
  state: StreamState,
): Promise<TaskOutcome> {
  return new Promise(resolve => {
    let done = false;
    // Events may arrive before subscribe() has returned the subscription.
    const stream: { unsubscribe?: () => void } = {};
    const finish = (outcome: TaskOutcome) => {
      if (done) return;
      done = true;
      resolve(outcome);
      stream.unsubscribe?.();
    };
    const subscription = scaffolderApi
      .streamLogs({ taskId, after: state.after })
      .subscribe({
        next: (event: LogEvent) => {
          if (event.id !== undefined) state.after = event.id;
          const body = event.body as LogEvent['body'] & {
            output?: ScaffolderTaskOutput;
            error?: { message?: string };
          };
          if (event.type === 'log' && body.status === 'failed') {
            state.failureLog = firstLineOfStack(body.message);
          } else if (event.type === 'cancelled') {
            finish({ status: 'cancelled', message: body.message });
          } else if (event.type === 'completion') {
            // The scaffolder puts the error in a failed run's completion;
            // a failed step's log or the status words tell it otherwise.
            if (
              body.error ||
              body.status === 'failed' ||
              state.failureLog ||
              /status: failed/.test(body.message ?? '')
            ) {
              finish({
                status: 'failed',
                message: body.error?.message ?? state.failureLog,
              });
            } else {
              finish({ status: 'completed', output: body.output });
            }
          }
        },
        error: () => finish({ status: 'lost' }),
        complete: () => finish({ status: 'lost' }),
      });
    stream.unsubscribe = () => subscription.unsubscribe();
    if (done) subscription.unsubscribe();
  });
}

const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/** Starts one service's upgrade and follows it to its end; never throws. */
async function upgradeOne(
  options: FleetUpgradeOptions,
  target: FleetUpgradeTarget,
): Promise<FleetUpgradeProgress> {
  const { scaffolderApi, onProgress } = options;
  const report = (progress: FleetUpgradeProgress) => {
    onProgress(target.entityRef, progress);
    return progress;
  };
  report({ state: 'running' });
  let taskId: string | undefined;
  try {
    ({ taskId } = await scaffolderApi.scaffold({
      templateRef: UPGRADE_TEMPLATE_REF,
      values: { entityRef: target.entityRef, version: target.version },
    }));
    report({ state: 'running', taskId });
    const state: StreamState = {};
    let outcome: TaskOutcome = { status: 'lost' };
    for (let attempt = 0; attempt <= RECONNECTS; attempt++) {
      if (attempt > 0) await sleep(options.reconnectDelayMs ?? 2000);
      outcome = await followTask(scaffolderApi, taskId, state);
      if (outcome.status !== 'lost') break;
    }
    if (outcome.status === 'lost') {
      // The events never came through: the task's status still tells
      // whether it worked, without its branch or conflicts.
      const task = await scaffolderApi.getTask(taskId);
      if (!FINISHED.includes(task.status)) {
        return report({
          state: 'failed',
          taskId,
          message: `Lost track of the task while it was ${task.status}; open its log to follow it.`,
        });
      }
      outcome =
        task.status === 'completed'
          ? { status: 'completed' }
          : { status: task.status as 'failed' | 'cancelled' };
    }
    if (outcome.status === 'completed') {
      const link = outcome.output?.links?.find(l => l.url)?.url;
      const summary = outcome.output?.text?.find(t => t.content)?.content;
      return report({
        state: 'done',
        taskId,
        branchUrl: link,
        conflicts: conflictsInSummary(summary),
      });
    }
    return report({
      state: 'failed',
      taskId,
      message:
        outcome.message ??
        (outcome.status === 'cancelled'
          ? 'The task was cancelled.'
          : 'The upgrade failed; its log says why.'),
    });
  } catch (error) {
    return report({ state: 'failed', taskId, message: errorMessage(error) });
  }
}

/**
 * Upgrades each target with its own run of the upgrade-service template,
 * at most `concurrency` at once, reporting every service's progress; one
 * failure does not stop the others. Resolves with the counts once every
 * started task has ended.
 */
export async function runFleetUpgrade(
  options: FleetUpgradeOptions,
): Promise<FleetUpgradeSummary> {
  const { targets, onProgress, signal } = options;
  const concurrency = Math.max(1, options.concurrency ?? FLEET_CONCURRENCY);
  for (const target of targets)
    onProgress(target.entityRef, { state: 'waiting' });
  const summary: FleetUpgradeSummary = {
    upgraded: 0,
    withConflicts: 0,
    failed: 0,
  };
  const queue = [...targets];
  const worker = async () => {
    for (
      let target = queue.shift();
      target && !signal?.aborted;
      target = queue.shift()
    ) {
      const result = await upgradeOne(options, target);
      if (result.state === 'failed') summary.failed += 1;
      else if (result.state === 'done' && result.conflicts > 0) {
        summary.withConflicts += 1;
      } else if (result.state === 'done') summary.upgraded += 1;
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, targets.length) }, worker),
  );
  return summary;
}
