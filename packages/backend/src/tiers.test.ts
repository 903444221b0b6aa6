import {
  DEFAULT_TIER_TABLE,
  TIER_NAMES,
  tierNamesInWords,
} from '@golden-path/plugin-golden-path-common';
import { DEFAULT_REQUIRED_LEVELS } from '@golden-path/plugin-readiness-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The tier table in @golden-path/plugin-golden-path-common is the one source
 * of the tiers. TypeScript that can import it derives from it; the files
 * below cannot (YAML, config schema, the scaffolder template, the chassis the
 * generated service runs on), so this test reads them and names every file
 * whose tiers differ from the table's.
 */

const root = path.resolve(__dirname, '../../..');

function read(file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

/** The block of `text` from the first match of `start` to the first `end` after it. */
function block(text: string, file: string, start: string, end: string) {
  const from = text.indexOf(start);
  if (from < 0) throw new Error(`${file}: '${start}' not found`);
  const to = text.indexOf(end, from + start.length);
  if (to < 0) throw new Error(`${file}: no '${end}' after '${start}'`);
  return text.slice(from + start.length, to);
}

/**
 * What is wrong with `actual` against the table's tiers: missing and extra
 * tiers, and the order when `ordered`. Empty when they agree.
 */
function tierProblems(
  where: string,
  actual: readonly string[],
  ordered: boolean,
): string[] {
  const expected: readonly string[] = TIER_NAMES;
  const problems: string[] = [];
  const missing = expected.filter(t => !actual.includes(t));
  const extra = actual.filter(t => !expected.includes(t));
  if (missing.length) {
    problems.push(`${where}: missing tier(s) ${missing.join(', ')}`);
  }
  if (extra.length) {
    problems.push(`${where}: extra tier(s) ${extra.join(', ')}`);
  }
  if (
    ordered &&
    !missing.length &&
    !extra.length &&
    actual.join() !== expected.join()
  ) {
    problems.push(
      `${where}: tiers in the order ${actual.join(
        ', ',
      )}, the table's is ${expected.join(', ')}`,
    );
  }
  return problems;
}

/** 99.9 -> 0.999 (not 0.9990000000000001, what 99.9 / 100 gives in JS). */
const fraction = (percent: number) => Number((percent / 100).toFixed(6));

describe('every list of tiers agrees with the tier table', () => {
  it('readiness-common: the default required levels', () => {
    expect(
      tierProblems(
        'plugins/readiness-common/src/model.ts DEFAULT_REQUIRED_LEVELS',
        Object.keys(DEFAULT_REQUIRED_LEVELS),
        false,
      ),
    ).toEqual([]);
  });

  it('readiness-backend/config.d.ts: goldenPath.readiness.requiredLevels', () => {
    const file = 'plugins/readiness-backend/config.d.ts';
    const keys = [
      ...block(read(file), file, 'requiredLevels?: {', '};').matchAll(
        /^\s*'?([a-z0-9-]+)'?\?:/gm,
      ),
    ].map(m => m[1]);
    expect(tierProblems(`${file} requiredLevels`, keys, true)).toEqual([]);
  });

  it("readiness-backend/checks/default-checks.yaml: the tier-set check's list and hint", () => {
    const file = 'plugins/readiness-backend/checks/default-checks.yaml';
    const checks: Array<{
      id: string;
      condition: { value: string[] };
      remediation: { hint: string };
    }> = parse(read(file)).checks;
    const tierSet = checks.find(c => c.id === 'tier-set');
    if (!tierSet) throw new Error(`${file}: no check with id tier-set`);
    expect([
      ...tierProblems(
        `${file} tier-set condition.value`,
        tierSet.condition.value,
        true,
      ),
      ...(tierSet.remediation.hint.includes(`(${tierNamesInWords()})`)
        ? []
        : [
            `${file} tier-set remediation.hint: does not list (${tierNamesInWords()})`,
          ]),
    ]).toEqual([]);
  });

  describe('templates/node-service/template.yaml', () => {
    const file = 'templates/node-service/template.yaml';
    const text = read(file);

    it('the tier parameter: enum and enumNames', () => {
      const tier = parse(text).spec.parameters.find(
        (p: { properties?: { tier?: unknown } }) => p.properties?.tier,
      )?.properties.tier;
      if (!tier) throw new Error(`${file}: no tier parameter`);
      const enumNames: string[] = tier.enumNames ?? [];
      expect([
        ...tierProblems(`${file} tier enum`, tier.enum, true),
        ...(enumNames.length === TIER_NAMES.length
          ? []
          : [
              `${file} tier enumNames: ${enumNames.length} labels for ${TIER_NAMES.length} tiers`,
            ]),
        ...enumNames.flatMap((label, i) => {
          const objectives = DEFAULT_TIER_TABLE[TIER_NAMES[i]];
          return objectives && label.startsWith(`${objectives.title}:`)
            ? []
            : [
                `${file} tier enumNames[${i}]: '${label}' is not the label of ${TIER_NAMES[i]}`,
              ];
        }),
      ]).toEqual([]);
    });

    it('every map indexed by parameters.tier, keys and values', () => {
      // {'critical': '0.9999', 'important': ...}[parameters.tier]
      const maps = [
        ...text.matchAll(
          /^\s*(?:(\w+):)?.*?\{((?:\s*'[^']*'\s*:\s*'[^']*'\s*,?)+)\}\[parameters\.tier\]/gm,
        ),
      ].map(m => {
        const line = text.slice(0, m.index).split('\n').length;
        const entries = [...m[2].matchAll(/'([^']*)'\s*:\s*'([^']*)'/g)].map(
          e => [e[1], e[2]] as const,
        );
        return {
          where: `${file}:${line} ${m[1] ?? ''}`.trim(),
          key: m[1],
          entries,
        };
      });
      // availabilityTarget, latencyThresholdMs, latencyThresholdSeconds and
      // the "a/an <tier>" phrase of the pull request.
      expect(maps.length).toBeGreaterThanOrEqual(4);

      const expectedValue: Record<string, (t: string) => string> = {
        availabilityTarget: t =>
          String(
            fraction(DEFAULT_TIER_TABLE[t as 'critical'].availabilityPercent),
          ),
        latencyThresholdMs: t =>
          String(DEFAULT_TIER_TABLE[t as 'critical'].latencyP99Ms),
        latencyThresholdSeconds: t =>
          String(DEFAULT_TIER_TABLE[t as 'critical'].latencyP99Ms / 1000),
      };
      const problems = maps.flatMap(({ where, key, entries }) => [
        ...tierProblems(
          where,
          entries.map(([k]) => k),
          false,
        ),
        ...entries.flatMap(([tier, value]) => {
          const want =
            key && expectedValue[key] && DEFAULT_TIER_TABLE[tier as 'critical']
              ? expectedValue[key](tier)
              : undefined;
          return want === undefined || want === value
            ? []
            : [`${where}: '${value}' for ${tier}, the table gives '${want}'`];
        }),
      ]);
      expect(problems).toEqual([]);
    });
  });

  describe('packages/service-chassis (what the generated service runs on)', () => {
    it('src/config.ts: TierSchema, which SERVICE_TIER is checked against', () => {
      const file = 'packages/service-chassis/src/config.ts';
      const tiers = [
        ...block(read(file), file, 'TierSchema = z.enum([', '])').matchAll(
          /'([^']*)'/g,
        ),
      ].map(m => m[1]);
      expect(tierProblems(`${file} TierSchema`, tiers, true)).toEqual([]);
    });

    it('src/resilience/policies.ts: TIER_POLICY_DEFAULTS', () => {
      const file = 'packages/service-chassis/src/resilience/policies.ts';
      const body = block(read(file), file, 'TIER_POLICY_DEFAULTS', '\n};');
      const tiers = [...body.matchAll(/^ {2}'?([a-z0-9-]+)'?: \{/gm)].map(
        m => m[1],
      );
      expect(
        tierProblems(`${file} TIER_POLICY_DEFAULTS`, tiers, false),
      ).toEqual([]);
    });
  });
});
