import {
  READINESS_CATEGORIES,
  READINESS_LEVELS,
} from '@golden-path/plugin-readiness-common';
import { ADR_FACTS } from '@golden-path/plugin-readiness-backend-module-adr';
import { SLO_FACTS } from '@golden-path/plugin-readiness-backend-module-slo';
import { defaultFactDefinitions } from '../collectors/defaultFactDefinitions';
import {
  loadReadinessChecks,
  readDefaultChecksYaml,
} from './loadReadinessChecks';

/** The built-in collectors' facts and those of the slo and adr modules. */
const facts = [...defaultFactDefinitions(), ...SLO_FACTS, ...ADR_FACTS];

const check = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  title: `Title of ${id}`,
  category: 'operations',
  level: 'bronze',
  tiers: 'all',
  condition: { fact: 'catalog.hasRunbook', operator: 'equal', value: true },
  remediation: { hint: 'Fix it' },
  ...overrides,
});

describe('loadReadinessChecks', () => {
  it('loads the shipped checks: all categories and levels, the seed items and attestable checks', () => {
    const {
      checks,
      facts: all,
      unavailable,
    } = loadReadinessChecks({
      facts,
      disabledChecks: [],
    });
    expect(unavailable).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(20);
    expect(checks.length).toBeLessThanOrEqual(25);
    expect(new Set(checks.map(c => c.category))).toEqual(
      new Set(READINESS_CATEGORIES),
    );
    expect(new Set(checks.map(c => c.level))).toEqual(
      new Set(READINESS_LEVELS),
    );
    // The seed's five readiness items.
    expect(checks.map(c => c.id)).toEqual(
      expect.arrayContaining([
        'request-tracing',
        'idempotent-writes',
        'self-service-delivery',
        'circuit-breakers-bulkheads',
        'event-schema-validation',
      ]),
    );
    const drill = checks.find(c => c.id === 'failover-drill')!;
    expect(drill).toMatchObject({
      category: 'resilience',
      level: 'gold',
      tiers: ['critical', 'important'],
      attestation: { validDays: 180 },
      facts: ['attestation.failover-drill'],
    });
    expect(all.map(f => f.id)).toEqual(
      expect.arrayContaining([
        'attestation.failover-drill',
        'attestation.threat-model',
      ]),
    );
    for (const c of checks) {
      expect(c.remediation.hint).not.toBe('');
      expect(c.remediation.url).toMatch(/^(https:\/\/|\/)/);
    }
    // Best-effort services are held to few checks.
    expect(
      checks.filter(c => c.tiers.includes('best-effort')).length,
    ).toBeLessThanOrEqual(6);
  });

  it('replaces shipped checks by id, adds new ones and drops disabled ones', () => {
    const { checks } = loadReadinessChecks({
      facts,
      configChecks: [
        check('runbook-linked', { title: 'Runbook, our way' }),
        check('new-check'),
      ],
      disabledChecks: ['threat-model'],
    });
    const ids = checks.map(c => c.id);
    expect(checks.find(c => c.id === 'runbook-linked')!.title).toBe(
      'Runbook, our way',
    );
    expect(ids.indexOf('runbook-linked')).toBeLessThan(ids.indexOf('slo-met'));
    expect(ids[ids.length - 1]).toBe('new-check');
    expect(ids).not.toContain('threat-model');
  });

  it('fails naming the config key, check and field of a bad configured check', () => {
    expect(() =>
      loadReadinessChecks({
        facts,
        configChecks: [
          check('fine'),
          check('typo', {
            condition: {
              fact: 'catalog.hasRunbok',
              operator: 'equal',
              value: true,
            },
          }),
          check('bad-operator', {
            condition: {
              fact: 'catalog.hasRunbook',
              operator: 'equals',
              value: true,
            },
          }),
          check('malformed', {
            condition: { all: [], any: [] },
          }),
        ],
        disabledChecks: [],
      }),
    ).toThrow(
      /goldenPath\.readiness\.checks\[1\]\.condition\.fact \(check typo\): .*catalog\.hasRunbok[\s\S]*goldenPath\.readiness\.checks\[2\]\.condition\.operator \(check bad-operator\)[\s\S]*goldenPath\.readiness\.checks\[3\]\.condition.* \(check malformed\)/,
    );
  });

  it('fails naming the file, check and field of a bad shipped check', () => {
    const { text } = readDefaultChecksYaml();
    const broken = text.replace(
      'condition: { fact: catalog.hasRunbook, operator: equal, value: true }',
      'condition: { fact: catalog.hasRunbook, operator: resembles, value: true }',
    );
    expect(broken).not.toBe(text);
    expect(() =>
      loadReadinessChecks({
        facts,
        disabledChecks: [],
        defaults: { text: broken, source: 'checks/default-checks.yaml' },
      }),
    ).toThrow(
      /checks\/default-checks\.yaml checks\[\d+\]\.condition\.operator \(check runbook-linked\): .*resembles/,
    );
  });

  it('reports YAML syntax errors of the shipped file with a line number', () => {
    expect(() =>
      loadReadinessChecks({
        facts,
        disabledChecks: [],
        defaults: {
          text: 'checks:\n  - id: a\n    title: [unclosed\n',
          source: 'checks/default-checks.yaml',
        },
      }),
    ).toThrow(/checks\/default-checks\.yaml: .*line \d+/);
  });

  it('accepts a broken shipped check when app-config replaces or disables it', () => {
    // Without the repository facts (e.g. a replaced rule list), the shipped
    // checks reading them must be disabled or replaced.
    const withoutDocker = facts.filter(f => f.id !== 'repository.dockerfile');
    expect(() =>
      loadReadinessChecks({ facts: withoutDocker, disabledChecks: [] }),
    ).toThrow(/container-image[\s\S]*self-service-delivery/);
    const { checks } = loadReadinessChecks({
      facts: withoutDocker,
      configChecks: [
        check('self-service-delivery', {
          condition: {
            fact: 'repository.ciWorkflow',
            operator: 'equal',
            value: true,
          },
        }),
      ],
      disabledChecks: ['container-image'],
    });
    expect(checks.map(c => c.id)).not.toContain('container-image');
    expect(checks.find(c => c.id === 'self-service-delivery')!.facts).toEqual([
      'repository.ciWorkflow',
    ]);
  });

  it('leaves out the shipped checks reading facts of collectors not installed (the slo and adr modules)', () => {
    const all = loadReadinessChecks({ facts, disabledChecks: [] });
    const { checks, unavailable } = loadReadinessChecks({
      facts: defaultFactDefinitions(),
      disabledChecks: [],
    });
    expect(unavailable).toEqual([
      { checkId: 'slo-defined', missingFacts: ['slo.defined'] },
      { checkId: 'decisions-recorded', missingFacts: ['adr.count'] },
      { checkId: 'slo-met', missingFacts: ['slo.meetsObjectives'] },
      {
        checkId: 'no-page-alerts',
        missingFacts: ['slo.defined', 'slo.pageAlertsFiring'],
      },
    ]);
    // Every other check, in the same order.
    expect(checks.map(c => c.id)).toEqual(
      all.checks
        .map(c => c.id)
        .filter(id => !unavailable.some(u => u.checkId === id)),
    );
    // Only the slo collector missing: decisions-recorded reads adr.count too.
    expect(
      loadReadinessChecks({
        facts: [...defaultFactDefinitions(), ...ADR_FACTS],
        disabledChecks: [],
      }).unavailable.map(u => u.checkId),
    ).toEqual(['slo-defined', 'slo-met', 'no-page-alerts']);
  });

  it('does not list a check app-config disables or replaces, and may disable one left out', () => {
    const { checks, unavailable } = loadReadinessChecks({
      facts: defaultFactDefinitions(),
      configChecks: [check('slo-met')],
      disabledChecks: ['slo-defined', 'no-page-alerts'],
    });
    expect(unavailable.map(u => u.checkId)).toEqual(['decisions-recorded']);
    expect(checks.find(c => c.id === 'slo-met')!.facts).toEqual([
      'catalog.hasRunbook',
    ]);
  });

  it('still fails on a shipped check reading an unknown fact of an installed collector', () => {
    const { text } = readDefaultChecksYaml();
    const typo = text.replace('fact: slo.defined,', 'fact: slo.defind,');
    expect(typo).not.toBe(text);
    expect(() =>
      loadReadinessChecks({
        facts,
        disabledChecks: [],
        defaults: { text: typo, source: 'checks/default-checks.yaml' },
      }),
    ).toThrow(/\(check slo-defined\): unknown fact "slo\.defind"/);
  });

  it('refuses to disable a check that does not exist', () => {
    expect(() =>
      loadReadinessChecks({
        facts,
        disabledChecks: ['runbook-linked', 'no-such'],
      }),
    ).toThrow(
      "goldenPath.readiness.disabledChecks[1]: there is no check 'no-such' to disable",
    );
  });
});
