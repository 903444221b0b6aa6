import type { LogEvent } from '@backstage/plugin-scaffolder-common';
import type { FleetScaffolderApi } from '../components/FleetUpgrade/runFleetUpgrade';

/** How a fake upgrade task ends. */
export type FakeTaskEnd =
  | { kind: 'upgraded'; conflicts?: number }
  | { kind: 'failed'; message?: string; log?: string }
  | { kind: 'refused'; status: number; message: string };

type Observer = {
  next: (event: LogEvent) => void;
  error: (error: Error) => void;
  complete: () => void;
};

const summaryText = (conflicts: number) =>
  conflicts > 0
    ? `From 2.0.0 to 2.1.0.\n\n**With conflicts** (${conflicts}), to resolve on the branch:\n\n- \`a\`: both changed\n`
    : 'From 2.0.0 to 2.1.0.\n\n**With conflicts**: none.\n';

/**
 * A scaffolder API whose upgrade tasks end only when the test says so
 * (`finish(entityRef)`), or at once with `autoFinish`; it counts how many
 * run at the same time.
 */
export function createFakeScaffolderApi(
  ends: Record<string, FakeTaskEnd>,
  options: { autoFinish?: boolean } = {},
) {
  let eventId = 0;
  const observers = new Map<string, Observer>();
  const running = new Set<string>();
  const pending = new Set<string>();
  const stats = { maxRunning: 0 };

  const event = (
    taskId: string,
    type: LogEvent['type'],
    body: Record<string, unknown>,
  ): LogEvent =>
    ({
      id: ++eventId,
      taskId,
      type,
      createdAt: new Date().toISOString(),
      body,
    } as LogEvent);

  const emitEnd = (entityRef: string) => {
    const taskId = `task-${entityRef}`;
    const observer = observers.get(taskId);
    if (!observer) throw new Error(`no stream for ${entityRef}`);
    const end = ends[entityRef] ?? { kind: 'upgraded' };
    running.delete(entityRef);
    pending.delete(entityRef);
    observer.next(
      event(taskId, 'log', {
        message: 'Rendering both versions',
        stepId: 'upgrade',
        status: 'processing',
      }),
    );
    if (end.kind === 'failed') {
      if (end.log) {
        observer.next(
          event(taskId, 'log', {
            message: end.log,
            stepId: 'upgrade',
            status: 'failed',
          }),
        );
      }
      observer.next(
        event(taskId, 'completion', {
          message: 'Run completed with status: failed',
          ...(end.message
            ? { error: { name: 'InputError', message: end.message } }
            : {}),
        }),
      );
    } else {
      const branchUrl = `/catalog/default/component/${
        entityRef.split('/')[1]
      }/repository?branch=golden-path%2Fupgrade-v2.1.0`;
      observer.next(
        event(taskId, 'completion', {
          message: 'Run completed with status: completed',
          output: {
            links: [{ title: 'Open the upgrade branch', url: branchUrl }],
            text: [
              {
                title: 'What changed',
                content: summaryText(
                  end.kind === 'upgraded' ? end.conflicts ?? 0 : 0,
                ),
              },
            ],
          },
        }),
      );
    }
  };

  const api = {
    scaffold: jest.fn(async (request: { values: Record<string, any> }) => {
      const entityRef = String(request.values.entityRef);
      const end = ends[entityRef];
      if (end?.kind === 'refused') {
        const { ResponseError } = await import('@backstage/errors');
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'NotAllowedError', message: end.message },
              response: { statusCode: end.status },
            }),
            {
              status: end.status,
              statusText: 'Forbidden',
              headers: { 'Content-Type': 'application/json' },
            },
          ) as any,
        );
      }
      running.add(entityRef);
      pending.add(entityRef);
      stats.maxRunning = Math.max(stats.maxRunning, running.size);
      return { taskId: `task-${entityRef}` };
    }),
    streamLogs: jest.fn((request: { taskId: string; after?: number }) => ({
      subscribe(observer: Observer) {
        observers.set(request.taskId, observer);
        if (options.autoFinish) {
          const entityRef = request.taskId.replace(/^task-/, '');
          setTimeout(() => emitEnd(entityRef), 1);
        }
        return { unsubscribe: jest.fn(), closed: false };
      },
    })),
    getTask: jest.fn(async (taskId: string) => ({
      id: taskId,
      status: 'completed',
      createdAt: new Date().toISOString(),
      spec: {} as any,
    })),
  };

  return {
    api: api as unknown as FleetScaffolderApi & typeof api,
    stats,
    /** Services whose task is running and has not been finished. */
    running: () => [...pending],
    finish: (entityRef: string) => emitEnd(entityRef),
    /** Breaks the event stream of a task, as a lost connection does. */
    breakStream: (entityRef: string) =>
      observers.get(`task-${entityRef}`)?.error(new Error('connection lost')),
    streamEnded: (entityRef: string) =>
      observers.get(`task-${entityRef}`)?.complete(),
  };
}
