import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  ATTESTATION_COLLECTOR,
  attestationFactDefinition,
  CheckDefinitionError,
  conditionFacts,
  Condition,
  FactDefinition,
  mergeCheckDefinitions,
  parseCheckDefinitions,
  parseCheckYaml,
  ReadinessCheck,
} from '@golden-path/plugin-readiness-common';
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** The shipped checks, relative to the package. */
export const DEFAULT_CHECKS_FILE = 'checks/default-checks.yaml';

const CONFIG_KEY = 'goldenPath.readiness.checks';
const DISABLED_KEY = 'goldenPath.readiness.disabledChecks';
const MAX_LISTED_ERRORS = 30;

/**
 * A shipped check left out because it reads facts of a collector that is
 * not installed (e.g. `slo.defined` without the SLO module).
 */
export type UnavailableCheck = {
  checkId: string;
  /** The facts it reads that no installed collector provides. */
  missingFacts: string[];
};

/** The checks in force and every fact they may read. */
export type LoadedChecks = {
  checks: ReadinessCheck[];
  /** The collectors' facts plus `attestation.<id>` of each attestable check. */
  facts: FactDefinition[];
  /** Shipped checks left out for want of a collector, in file order. */
  unavailable: UnavailableCheck[];
};

/** The text of the shipped default-checks.yaml. */
export function readDefaultChecksYaml(): { text: string; source: string } {
  const path = resolvePackagePath(
    '@golden-path/plugin-readiness-backend',
    DEFAULT_CHECKS_FILE,
  );
  return { text: fs.readFileSync(path, 'utf8'), source: DEFAULT_CHECKS_FILE };
}

/**
 * The shipped checks that read a fact `<collector>.<name>` of a collector
 * none of `facts` comes from: they ship for collectors that backend modules
 * add (`adr`, `slo`), and are left out when the module is not installed. A
 * fact unknown to an installed collector stays an error (a typo, or a
 * replaced rule list).
 */
function findUnavailableChecks(
  text: string,
  facts: readonly FactDefinition[],
): UnavailableCheck[] {
  const collectors = new Set([
    ATTESTATION_COLLECTOR,
    ...facts.map(fact => fact.collector),
  ]);
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch {
    return []; // parseCheckYaml reports it.
  }
  const items = (raw as { checks?: unknown } | null)?.checks ?? raw;
  if (!Array.isArray(items)) return [];
  return items.flatMap(item => {
    const { id, condition } = (item ?? {}) as {
      id?: unknown;
      condition?: unknown;
    };
    if (typeof id !== 'string' || typeof condition !== 'object') return [];
    const missingFacts = conditionFacts(condition as Condition).filter(
      fact => !collectors.has(fact.split('.')[0]),
    );
    return missingFacts.length > 0 ? [{ checkId: id, missingFacts }] : [];
  });
}

function describeError(
  error: CheckDefinitionError,
  configKey?: string,
): string {
  const where = configKey
    ? // checks[3].title -> goldenPath.readiness.checks[3].title
      `${configKey}${error.path.replace(/^checks/, '')}`
    : `${error.source}${error.path ? ` ${error.path}` : ''}`;
  const check = error.checkId ? ` (check ${error.checkId})` : '';
  return `${where}${check}: ${error.message}`;
}

/**
 * The checks in force: the shipped YAML, with app-config's checks replacing
 * or adding, minus the disabled ones; the shipped checks are validated with
 * the facts the collectors provide. A problem in the shipped file (unless
 * the check is replaced or disabled), in app-config or an unknown disabled
 * id throws one error listing them all, naming file or key, check and
 * field: the backend does not start with checks it cannot evaluate. A
 * shipped check reading facts of a collector that is not installed is left
 * out and listed in `unavailable` instead (unless app-config replaces or
 * disables it).
 */
export function loadReadinessChecks(options: {
  facts: FactDefinition[];
  configChecks?: unknown[];
  disabledChecks: string[];
  /** Default: the shipped checks/default-checks.yaml. */
  defaults?: { text: string; source: string };
}): LoadedChecks {
  const facts = new Map(options.facts.map(fact => [fact.id, fact]));
  const defaults = options.defaults ?? readDefaultChecksYaml();
  const shipped = parseCheckYaml(defaults.text, {
    source: defaults.source,
    facts,
  });
  const configured = options.configChecks
    ? parseCheckDefinitions(options.configChecks, {
        source: 'app-config',
        facts,
      })
    : { checks: [], errors: [] };

  const replaced = new Set<string>([
    ...options.disabledChecks,
    ...configured.checks.map(check => check.id),
    ...configured.errors.flatMap(error =>
      error.checkId ? [error.checkId] : [],
    ),
  ]);
  const unavailable = findUnavailableChecks(
    defaults.text,
    options.facts,
  ).filter(check => !replaced.has(check.checkId));
  const unavailableIds = new Set(unavailable.map(check => check.checkId));
  const problems = [
    ...shipped.errors
      // A shipped check that app-config replaces or disables may read facts
      // this backend does not collect.
      .filter(error => !error.checkId || !replaced.has(error.checkId))
      .filter(error => !error.checkId || !unavailableIds.has(error.checkId))
      .map(error => describeError(error)),
    ...configured.errors.map(error => describeError(error, CONFIG_KEY)),
  ];

  const known = new Set([
    ...shipped.checks.map(check => check.id),
    ...shipped.errors.flatMap(error => (error.checkId ? [error.checkId] : [])),
    ...configured.checks.map(check => check.id),
  ]);
  options.disabledChecks.forEach((id, index) => {
    if (!known.has(id)) {
      problems.push(
        `${DISABLED_KEY}[${index}]: there is no check '${id}' to disable`,
      );
    }
  });

  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_ERRORS);
    const more = problems.length - listed.length;
    throw new Error(
      `Invalid readiness check definitions:\n- ${listed.join('\n- ')}${
        more > 0 ? `\n- and ${more} more` : ''
      }`,
    );
  }

  const checks = mergeCheckDefinitions(
    shipped.checks,
    configured.checks,
    options.disabledChecks,
  );
  return {
    checks,
    facts: [
      ...options.facts,
      ...checks
        .filter(check => check.attestation)
        .map(check => attestationFactDefinition(check.id)),
    ],
    unavailable,
  };
}
