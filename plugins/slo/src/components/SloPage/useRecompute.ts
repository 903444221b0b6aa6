import { useCallback, useEffect, useRef, useState } from 'react';
import type { SloApi } from '../../api/SloApi';

/** What pressing "Recompute now" has led to so far. */
export type RecomputeState =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; computedAt: string }
  /** The run was started but had not finished when we stopped waiting. */
  | { state: 'pending' }
  | { state: 'failed'; error: Error };

const POLL_MS = 1_000;
const WAIT_MS = 30_000;

/**
 * "Recompute now": asks the backend to run its computation (which it
 * starts in the background), then watches the overview until its
 * `computedAt` changes, so the page can say
 * "Recomputed at …" and show the new numbers (`onDone`).
 */
export function useRecompute(
  sloApi: SloApi,
  onDone: () => void,
  options: { pollMs?: number; waitMs?: number } = {},
) {
  const [status, setStatus] = useState<RecomputeState>({ state: 'idle' });
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const pollMs = options.pollMs ?? POLL_MS;
  const waitMs = options.waitMs ?? WAIT_MS;
  const recompute = useCallback(async () => {
    setStatus({ state: 'running' });
    try {
      const before = (await sloApi.getOverview({})).computedAt;
      await sloApi.refresh();
      const deadline = Date.now() + waitMs;
      for (;;) {
        const { computedAt } = await sloApi.getOverview({});
        // Compared with the server's own earlier answer, not the
        // browser's clock, which may be off.
        if (computedAt && computedAt !== before) {
          if (!mounted.current) return;
          setStatus({ state: 'done', computedAt });
          onDone();
          return;
        }
        if (Date.now() >= deadline) break;
        await new Promise(resolve => setTimeout(resolve, pollMs));
        if (!mounted.current) return;
      }
      if (mounted.current) {
        setStatus({ state: 'pending' });
        onDone();
      }
    } catch (error) {
      if (mounted.current)
        setStatus({ state: 'failed', error: error as Error });
    }
  }, [sloApi, onDone, pollMs, waitMs]);
  return { status, recompute };
}
