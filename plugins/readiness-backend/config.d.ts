import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  goldenPath?: {
    readiness?: {
      /**
       * The level each tier must reach: bronze, silver, gold or none.
       * Default: critical gold, important silver, standard bronze,
       * best-effort none.
       */
      requiredLevels?: {
        critical?: 'bronze' | 'silver' | 'gold' | 'none';
        important?: 'bronze' | 'silver' | 'gold' | 'none';
        standard?: 'bronze' | 'silver' | 'gold' | 'none';
        'best-effort'?: 'bronze' | 'silver' | 'gold' | 'none';
      };
      /**
       * Check definitions, same shape as the shipped
       * checks/default-checks.yaml: a check with the id of a shipped one
       * replaces it, others are added. A bad definition (unknown fact or
       * operator, malformed condition...) stops start-up naming the check
       * and the field.
       */
      checks?: Array<{
        /** Kebab-case, unique. */
        id: string;
        title: string;
        description?: string;
        /** ownership, operations, traceability, consistency, resilience, contracts, autonomy or security. */
        category: string;
        /** bronze, silver or gold. */
        level: string;
        /** The tiers that must pass it, or `all`. */
        tiers: string[] | string;
        /** `{ fact, operator, value }`, or all/any/not of conditions. */
        condition: object;
        remediation: {
          hint: string;
          /** An http(s) URL or a path of this Backstage, e.g. /create/templates/default/node-service. */
          url?: string;
        };
        /** Set when a person attests the check; it then reads attestation.<id>. */
        attestation?: { validDays: number };
      }>;
      /** Ids of checks (shipped or configured) that are not evaluated. */
      disabledChecks?: string[];
      /**
       * Local folders whose repositories the repository collector may read
       * (a golden-path.io/repository path, or the folder of a file: catalog
       * file). Relative paths are resolved against the backend's working
       * directory; goldenPath.scaffolder.localPublishRoot is allowed too.
       * Default: none.
       */
      localRoots?: string[];
      /** Days of history kept (pruned by the evaluation task). Default 90, from 1 to 3650. */
      historyDays?: number;
      /**
       * When every component is evaluated (task readiness-evaluate).
       * Default: every 5 minutes, timeout 10 minutes, first run a minute
       * after start-up.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Per fact collector (catalog, repository, golden-path, or one a
       * module added, e.g. slo, adr): when it runs (task
       * readiness-collect-<id>). Defaults: catalog every 10 minutes,
       * repository every 30, slo every 5 and adr every 30 (their modules'),
       * others every 30 (or what the collector says).
       */
      collectors?: {
        [collectorId: string]: {
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
          /**
           * repository only: the facts read from repository files; replaces
           * the shipped list when set. Each is `fileExists` (a file
           * matching one of the globs exists) or `fileMatches` (one of them
           * holds text matching the regular expression `pattern`).
           */
          files?: Array<{
            /** repository.<camelCaseName> */
            fact: string;
            description: string;
            type: 'fileExists' | 'fileMatches';
            /** Globs relative to the repository root: **, *, ?, {a,b}. */
            paths: string[];
            pattern?: string;
            /** From i, m, s, u. */
            flags?: string;
          }>;
          /** repository only: at most this many files are read per repository. Default 500. */
          maxFiles?: number;
          /** repository only: larger files are not read. Default 262144 (256 KiB). */
          maxFileBytes?: number;
        };
      };
    };
  };
}
