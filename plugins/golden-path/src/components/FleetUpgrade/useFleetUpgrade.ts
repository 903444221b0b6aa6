import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import {
  FleetUpgradeProgress,
  FleetUpgradeSummary,
  FleetUpgradeTarget,
  runFleetUpgrade,
} from './runFleetUpgrade';

/** A service of a fleet run, with the title it is shown by. */
export type FleetRunService = FleetUpgradeTarget & { title: string };

/** A fleet run: its services, their progress and, once over, the counts. */
export type FleetRun = {
  services: FleetRunService[];
  progress: ReadonlyMap<string, FleetUpgradeProgress>;
  summary?: FleetUpgradeSummary;
};

/**
 * Starts fleet upgrades through the app's scaffolder API and keeps their
 * progress. Leaving the page stops services still waiting from starting
 * (running tasks finish in the scaffolder).
 */
export function useFleetUpgrade() {
  const scaffolderApi = useApi(scaffolderApiRef);
  const [run, setRun] = useState<FleetRun>();
  const controller = useRef<AbortController>();
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    (services: FleetRunService[]) => {
      const abort = new AbortController();
      controller.current = abort;
      setRun({ services, progress: new Map() });
      runFleetUpgrade({
        scaffolderApi,
        targets: services.map(({ entityRef, version }) => ({
          entityRef,
          version,
        })),
        signal: abort.signal,
        onProgress: (entityRef, progress) => {
          if (abort.signal.aborted) return;
          setRun(
            current =>
              current && {
                ...current,
                progress: new Map(current.progress).set(entityRef, progress),
              },
          );
        },
      }).then(summary => {
        if (!abort.signal.aborted) {
          setRun(current => current && { ...current, summary });
        }
      });
    },
    [scaffolderApi],
  );

  const running = run !== undefined && run.summary === undefined;
  return { run, running, start, clear: () => setRun(undefined) };
}
