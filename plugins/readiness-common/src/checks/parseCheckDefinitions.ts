import { isTierName, TIER_NAMES } from '@golden-path/plugin-golden-path-common';
import type { TierName } from '@golden-path/plugin-golden-path-common';
import { conditionFacts } from '../conditions/conditionFacts';
import { parseCondition } from '../conditions/parseCondition';
import {
  describeInput,
  didYouMean,
  errorMessage,
  isPlainObject,
  joinPath,
  listWords,
} from '../describeInput';
import type {
  CheckDefinitionError,
  FactDefinition,
  ReadinessCheck,
} from '../model';
import { READINESS_CATEGORIES, READINESS_LEVELS } from '../model';
import {
  attestationFactDefinition,
  attestationFactId,
} from './attestationFactId';

/**
 * What {@link parseCheckDefinitions} and `parseCheckYaml` return: the
 * valid checks, in their order, and every problem. A check with any error
 * is left out; the others are kept.
 * @public
 */
export type CheckDefinitionsResult = {
  checks: ReadinessCheck[];
  errors: CheckDefinitionError[];
};

const MAX_CHECKS = 500;
const MAX_ID = 63;
const MAX_TITLE = 200;
const MAX_DESCRIPTION = 4000;
const MAX_HINT = 2000;
const MAX_URL = 2000;
const MAX_VALID_DAYS = 365;
const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const CHECK_FIELDS = [
  'id',
  'title',
  'description',
  'category',
  'level',
  'tiers',
  'condition',
  'remediation',
  'attestation',
];

type Report = (path: string, message: string) => void;

function unknownFields(
  fields: Record<string, unknown>,
  known: readonly string[],
  path: string,
  report: Report,
) {
  const unknown = Object.keys(fields).filter(key => !known.includes(key));
  if (unknown.length === 0) return;
  const named = unknown.map(key => {
    const hint = didYouMean(key, known);
    return `${describeInput(key)}${hint}`;
  });
  report(
    path,
    `has unknown field${unknown.length > 1 ? 's' : ''} ${listWords(
      named,
    )}; expected ${listWords(known as string[])}`,
  );
}

function readText(
  fields: Record<string, unknown>,
  key: string,
  path: string,
  report: Report,
  options: { required: boolean; max: number },
): string | undefined {
  const value = fields[key];
  const at = joinPath(path, key);
  if (value === undefined || value === null) {
    if (options.required) report(at, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    report(at, `must be text, got ${describeInput(value)}`);
    return undefined;
  }
  if (options.required && value.trim() === '') {
    report(at, 'must not be empty');
    return undefined;
  }
  if (value.length > options.max) {
    report(
      at,
      `must be at most ${options.max} characters, got ${value.length}`,
    );
    return undefined;
  }
  return value;
}

function readId(value: unknown, path: string, report: Report) {
  if (value === undefined || value === null) {
    report(path, 'is required: a kebab-case id such as "runbook-linked"');
    return undefined;
  }
  if (typeof value !== 'string' || !KEBAB_CASE.test(value)) {
    report(
      path,
      `must be kebab-case (lower-case letters and digits joined by "-", e.g. "runbook-linked"), got ${describeInput(
        value,
      )}`,
    );
    return undefined;
  }
  if (value.length > MAX_ID) {
    report(path, `must be at most ${MAX_ID} characters, got ${value.length}`);
    return undefined;
  }
  return value;
}

/** One of a fixed set of names (a category, a level). */
function readChoice<T extends string>(
  value: unknown,
  path: string,
  report: Report,
  noun: string,
  choices: readonly T[],
): T | undefined {
  if ((choices as readonly unknown[]).includes(value)) return value as T;
  const expected = `one of ${choices.join(', ')}`;
  if (value === undefined || value === null) {
    report(path, `is required: ${expected}`);
    return undefined;
  }
  const hint = typeof value === 'string' ? didYouMean(value, choices) : '';
  report(
    path,
    `unknown ${noun} ${describeInput(value)}${hint}; expected ${expected}`,
  );
  return undefined;
}

function readTiers(
  value: unknown,
  path: string,
  report: Report,
): TierName[] | undefined {
  const expected = `a list of tiers (${TIER_NAMES.join(', ')}) or "all"`;
  if (value === undefined || value === null) {
    report(path, `is required: ${expected}`);
    return undefined;
  }
  if (value === 'all') return [...TIER_NAMES];
  if (!Array.isArray(value)) {
    report(path, `must be ${expected}, got ${describeInput(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    report(path, `must name at least one tier (or be "all")`);
    return undefined;
  }
  let valid = true;
  const seen = new Set<TierName>();
  value.forEach((tier, i) => {
    const at = joinPath(path, i);
    if (!isTierName(tier)) {
      const hint = typeof tier === 'string' ? didYouMean(tier, TIER_NAMES) : '';
      report(
        at,
        `unknown tier ${describeInput(
          tier,
        )}${hint}; expected one of ${TIER_NAMES.join(', ')}`,
      );
      valid = false;
    } else if (seen.has(tier)) {
      report(at, `repeats the tier ${tier}`);
      valid = false;
    } else {
      seen.add(tier);
    }
  });
  return valid ? TIER_NAMES.filter(tier => seen.has(tier)) : undefined;
}

function isRemediationUrl(url: string): boolean {
  // A path on this Backstage (e.g. /create/templates/default/service), not
  // a protocol-relative //host URL.
  if (url.startsWith('/')) return !url.startsWith('//') && !/\s/.test(url);
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

function readRemediation(
  value: unknown,
  path: string,
  report: Report,
): ReadinessCheck['remediation'] | undefined {
  if (value === undefined || value === null) {
    report(
      path,
      'is required: { hint, url? } saying how to fix a failing check',
    );
    return undefined;
  }
  if (!isPlainObject(value)) {
    report(
      path,
      `must be an object { hint, url? }, got ${describeInput(value)}`,
    );
    return undefined;
  }
  unknownFields(value, ['hint', 'url'], path, report);
  const hint = readText(value, 'hint', path, report, {
    required: true,
    max: MAX_HINT,
  });
  const url = readText(value, 'url', path, report, {
    required: false,
    max: MAX_URL,
  });
  let validUrl = true;
  if (url !== undefined && !isRemediationUrl(url)) {
    report(
      joinPath(path, 'url'),
      `must be an http(s) URL or a path starting with "/", got ${describeInput(
        url,
      )}`,
    );
    validUrl = false;
  }
  if (hint === undefined || !validUrl) return undefined;
  return url === undefined ? { hint } : { hint, url };
}

function readAttestation(
  value: unknown,
  path: string,
  report: Report,
): { validDays: number } | null | undefined {
  if (value === undefined || value === null) return null;
  if (!isPlainObject(value)) {
    report(
      path,
      `must be an object { validDays }, got ${describeInput(value)}`,
    );
    return undefined;
  }
  unknownFields(value, ['validDays'], path, report);
  const days = value.validDays;
  const at = joinPath(path, 'validDays');
  if (
    typeof days !== 'number' ||
    !Number.isInteger(days) ||
    days < 1 ||
    days > MAX_VALID_DAYS
  ) {
    report(
      at,
      `must be a whole number of days from 1 to ${MAX_VALID_DAYS}, got ${describeInput(
        days,
      )}`,
    );
    return undefined;
  }
  return { validDays: days };
}

function readCheck(
  raw: unknown,
  path: string,
  facts: ReadonlyMap<string, FactDefinition>,
  report: Report,
  setCheckId: (id: string) => void,
): ReadinessCheck | undefined {
  if (!isPlainObject(raw)) {
    report(path, `must be a check (an object), got ${describeInput(raw)}`);
    return undefined;
  }
  let valid = true;
  const problem: Report = (at, message) => {
    valid = false;
    report(at, message);
  };
  const id = readId(raw.id, joinPath(path, 'id'), problem);
  if (id !== undefined) setCheckId(id);
  unknownFields(raw, CHECK_FIELDS, path, problem);

  const title = readText(raw, 'title', path, problem, {
    required: true,
    max: MAX_TITLE,
  });
  const description =
    readText(raw, 'description', path, problem, {
      required: false,
      max: MAX_DESCRIPTION,
    }) ?? '';

  const category = readChoice(
    raw.category,
    joinPath(path, 'category'),
    problem,
    'category',
    READINESS_CATEGORIES,
  );
  const level = readChoice(
    raw.level,
    joinPath(path, 'level'),
    problem,
    'level',
    READINESS_LEVELS,
  );
  const tiers = readTiers(raw.tiers, joinPath(path, 'tiers'), problem);

  // An attestable check may read its own attestation fact, and no other.
  // A broken attestation field still makes it attestable here, so the
  // condition is not also reported for reading the fact.
  const attestable = raw.attestation !== undefined && raw.attestation !== null;
  let checkFacts = facts;
  if (attestable && id !== undefined) {
    const own = attestationFactDefinition(id);
    checkFacts = new Map(facts).set(own.id, own);
  }
  const conditionPath = joinPath(path, 'condition');
  let condition: ReadinessCheck['condition'] | undefined;
  if (raw.condition === undefined || raw.condition === null) {
    problem(
      conditionPath,
      'is required: { fact, operator, value } or all/any/not of conditions',
    );
  } else {
    const parsed = parseCondition(raw.condition, {
      path: conditionPath,
      facts: checkFacts,
    });
    for (const error of parsed.errors) problem(error.path, error.message);
    condition = parsed.condition;
  }
  const remediation = readRemediation(
    raw.remediation,
    joinPath(path, 'remediation'),
    problem,
  );
  const attestation = readAttestation(
    raw.attestation,
    joinPath(path, 'attestation'),
    problem,
  );
  const readFacts = condition ? conditionFacts(condition) : [];
  if (attestable && id !== undefined && condition) {
    const own = attestationFactId(id);
    if (!readFacts.includes(own)) {
      problem(
        conditionPath,
        `must read ${own} (the check sets attestation, so an attestation is how it passes), e.g. { fact: ${own}, operator: equal, value: true }`,
      );
    }
  }

  if (
    !valid ||
    id === undefined ||
    title === undefined ||
    category === undefined ||
    level === undefined ||
    !tiers ||
    !condition ||
    !remediation ||
    attestation === undefined
  ) {
    return undefined;
  }
  return {
    id,
    title,
    description,
    category,
    level,
    tiers,
    condition,
    facts: readFacts,
    remediation,
    ...(attestation ? { attestation } : {}),
  };
}

/**
 * Validates check definitions from YAML or app-config: `{ checks: [...] }`
 * or a list of checks. Each check is validated on its own: one with an
 * error (unknown or missing field, id not kebab-case, unknown category,
 * level, tier, fact or operator, malformed condition, remediation URL not
 * http(s) or a `/` path, attestation.validDays not a whole number 1..365,
 * an id used before) is reported and left out, the others are kept. An
 * attestable check may read its own `attestation.<id>` fact (and must).
 * Never throws.
 * @public
 */
export function parseCheckDefinitions(
  raw: unknown,
  options: { source: string; facts: ReadonlyMap<string, FactDefinition> },
): CheckDefinitionsResult {
  const result: CheckDefinitionsResult = { checks: [], errors: [] };
  const { source } = options;
  let list: unknown[];
  if (Array.isArray(raw)) {
    list = raw;
  } else if (isPlainObject(raw)) {
    const extra = Object.keys(raw).filter(key => key !== 'checks');
    if (extra.length > 0) {
      result.errors.push({
        source,
        path: '',
        message: `has unknown field${extra.length > 1 ? 's' : ''} ${listWords(
          extra.map(key => describeInput(key)),
        )}; expected only checks`,
      });
    }
    if (!Array.isArray(raw.checks)) {
      result.errors.push({
        source,
        path: 'checks',
        message: `must be a list of checks, got ${describeInput(raw.checks)}`,
      });
      return result;
    }
    list = raw.checks;
  } else {
    result.errors.push({
      source,
      path: '',
      message: `must be a list of checks or an object { checks: [...] }, got ${describeInput(
        raw,
      )}`,
    });
    return result;
  }
  if (list.length > MAX_CHECKS) {
    result.errors.push({
      source,
      path: 'checks',
      message: `has ${list.length} checks, over the limit of ${MAX_CHECKS}; none read`,
    });
    return result;
  }

  const firstPathById = new Map<string, string>();
  list.forEach((entry, index) => {
    const path = joinPath('checks', index);
    let checkId: string | undefined;
    const errors: CheckDefinitionError[] = [];
    const report: Report = (at, message) =>
      errors.push({ source, path: at, message });
    let check: ReadinessCheck | undefined;
    try {
      check = readCheck(entry, path, options.facts, report, id => {
        checkId = id;
      });
    } catch (error) {
      // Only hand-built input (getters, proxies) can throw here.
      report(path, `could not be read: ${errorMessage(error)}`);
    }
    if (checkId !== undefined) {
      const first = firstPathById.get(checkId);
      if (first !== undefined) {
        report(
          joinPath(path, 'id'),
          `repeats the id ${JSON.stringify(
            checkId,
          )} of ${first}; ids must be unique`,
        );
        check = undefined;
      } else {
        firstPathById.set(checkId, path);
      }
    }
    for (const error of errors) {
      result.errors.push(checkId === undefined ? error : { ...error, checkId });
    }
    if (check && errors.length === 0) result.checks.push(check);
  });
  return result;
}
