import fc from 'fast-check';
import { TIER_NAMES } from '@golden-path/plugin-golden-path-common';
import type { FactSnapshot, FactValue, ReadinessCheck } from '../model';
import { evaluateCheck } from './evaluateCheck';

const runbook: ReadinessCheck = {
  id: 'runbook-linked',
  title: 'Runbook linked',
  description: '',
  category: 'operations',
  level: 'bronze',
  tiers: [...TIER_NAMES],
  condition: { fact: 'catalog.hasRunbook', operator: 'equal', value: true },
  facts: ['catalog.hasRunbook'],
  remediation: { hint: 'Add the runbook annotation.' },
};

const drill: ReadinessCheck = {
  ...runbook,
  id: 'failover-drill',
  level: 'gold',
  tiers: ['critical', 'important'],
  condition: {
    all: [
      { fact: 'attestation.failover-drill', operator: 'equal', value: true },
      { fact: 'slo.objectiveCount', operator: 'greaterThan', value: 0 },
    ],
  },
  facts: ['attestation.failover-drill', 'slo.objectiveCount'],
};

function snapshot(
  id: string,
  value: FactValue,
  collectedAt: string | null = '2025-01-01T00:00:00.000Z',
): FactSnapshot {
  return { id, value, collectedAt, collector: id.split('.')[0] };
}

function facts(...snapshots: FactSnapshot[]) {
  return new Map(snapshots.map(s => [s.id, s]));
}

describe('evaluateCheck', () => {
  it('passes, with the facts behind the result', () => {
    const hasRunbook = snapshot('catalog.hasRunbook', true);
    expect(
      evaluateCheck(runbook, { tier: 'standard', facts: facts(hasRunbook) }),
    ).toEqual({
      checkId: 'runbook-linked',
      outcome: 'pass',
      message: 'catalog.hasRunbook is true',
      facts: [hasRunbook],
    });
  });

  it('fails, saying why', () => {
    expect(
      evaluateCheck(runbook, {
        tier: 'critical',
        facts: facts(snapshot('catalog.hasRunbook', false)),
      }),
    ).toMatchObject({
      outcome: 'fail',
      message: 'catalog.hasRunbook is false, expected true',
    });
  });

  it('fails naming a fact never collected, and lists it as uncollected', () => {
    const result = evaluateCheck(drill, {
      tier: 'critical',
      facts: facts(
        snapshot('attestation.failover-drill', true),
        snapshot('slo.objectiveCount', null, null),
      ),
    });
    expect(result.outcome).toBe('fail');
    expect(result.message).toBe(
      'all of (1 of 2 did not hold): slo.objectiveCount was never collected',
    );
    const absent = evaluateCheck(drill, { tier: 'critical', facts: facts() });
    expect(absent.outcome).toBe('fail');
    expect(absent.message).toContain(
      'attestation.failover-drill was never collected',
    );
    expect(absent.facts).toEqual([
      {
        id: 'attestation.failover-drill',
        value: null,
        collectedAt: null,
        collector: 'attestation',
      },
      {
        id: 'slo.objectiveCount',
        value: null,
        collectedAt: null,
        collector: 'slo',
      },
    ]);
  });

  it('awaits, not fails, while a collector of a missing fact has not run', () => {
    const pending = evaluateCheck(drill, {
      tier: 'critical',
      facts: facts(snapshot('attestation.failover-drill', true)),
      pendingCollectors: new Set(['slo', 'repository']),
    });
    expect(pending.outcome).toBe('awaiting');
    expect(pending.message).toBe(
      'awaiting the first collection of slo.objectiveCount',
    );
    // Once the collector has run, a fact it did not provide is a failure.
    const ran = evaluateCheck(drill, {
      tier: 'critical',
      facts: facts(snapshot('attestation.failover-drill', true)),
      pendingCollectors: new Set(['repository']),
    });
    expect(ran.outcome).toBe('fail');
    // A check that fails on collected facts fails, whatever is pending.
    const failed = evaluateCheck(drill, {
      tier: 'critical',
      facts: facts(
        snapshot('attestation.failover-drill', false),
        snapshot('slo.objectiveCount', 2),
      ),
      pendingCollectors: new Set(['slo']),
    });
    expect(failed.outcome).toBe('fail');
    // A check not required for the tier stays not applicable.
    expect(
      evaluateCheck(drill, {
        tier: 'standard',
        facts: facts(),
        pendingCollectors: new Set(['slo', 'attestation']),
      }).outcome,
    ).toBe('not-applicable');
  });

  it('names missing facts the explanation left out', () => {
    const check: ReadinessCheck = {
      ...runbook,
      condition: {
        all: [
          { fact: 'catalog.onCall', operator: 'notExists' },
          { fact: 'catalog.hasRunbook', operator: 'equal', value: true },
        ],
      },
    };
    const result = evaluateCheck(check, {
      tier: 'standard',
      facts: facts(snapshot('catalog.hasRunbook', false)),
    });
    expect(result.outcome).toBe('fail');
    expect(result.message).toBe(
      'all of (1 of 2 did not hold): catalog.hasRunbook is false, expected true; never collected: catalog.onCall',
    );
  });

  it('gives error, not fail, for a fact of the wrong type', () => {
    expect(
      evaluateCheck(drill, {
        tier: 'important',
        facts: facts(
          snapshot('attestation.failover-drill', true),
          snapshot('slo.objectiveCount', 'three'),
        ),
      }),
    ).toMatchObject({
      outcome: 'error',
      message:
        'could not be evaluated: slo.objectiveCount is "three" (a string), but greaterThan needs a number',
    });
  });

  it('is not applicable to a tier the check does not list', () => {
    expect(
      evaluateCheck(drill, { tier: 'best-effort', facts: facts() }),
    ).toMatchObject({
      outcome: 'not-applicable',
      message: 'not required for the Best effort tier',
    });
  });

  it('holds a service without a tier only to checks of every tier', () => {
    expect(evaluateCheck(drill, { tier: null, facts: facts() })).toMatchObject({
      outcome: 'not-applicable',
      message:
        'not required for a service without a tier (it applies to the Critical and Important tiers only)',
    });
    expect(
      evaluateCheck(runbook, {
        tier: null,
        facts: facts(snapshot('catalog.hasRunbook', true)),
      }).outcome,
    ).toBe('pass');
  });

  it('never throws, even for a malformed hand-built check', () => {
    const broken = { ...runbook, condition: null } as unknown as ReadinessCheck;
    expect(
      evaluateCheck(broken, { tier: 'critical', facts: facts() }),
    ).toMatchObject({ checkId: 'runbook-linked', outcome: 'error' });
    const noTiers = {
      ...runbook,
      tiers: undefined,
    } as unknown as ReadinessCheck;
    expect(
      evaluateCheck(noTiers, { tier: 'critical', facts: facts() }).outcome,
    ).toBe('not-applicable');
  });

  it('never throws for arbitrary fact values', () => {
    const value: fc.Arbitrary<FactValue> = fc.oneof(
      fc.boolean(),
      fc.double(),
      fc.string({ maxLength: 8 }),
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom(...TIER_NAMES)),
        fc.option(value),
        fc.option(value),
        fc.boolean(),
        (tier, attested, count, collected) => {
          const map = new Map<string, FactSnapshot>();
          if (attested !== null) {
            map.set(
              'attestation.failover-drill',
              snapshot('attestation.failover-drill', attested),
            );
          }
          if (count !== null) {
            map.set(
              'slo.objectiveCount',
              snapshot('slo.objectiveCount', count, collected ? 'now' : null),
            );
          }
          const result = evaluateCheck(drill, { tier, facts: map });
          expect(['pass', 'fail', 'error', 'not-applicable']).toContain(
            result.outcome,
          );
          expect(result.message).not.toBe('');
          const deserved =
            attested === true &&
            typeof count === 'number' &&
            count > 0 &&
            collected &&
            tier !== null &&
            drill.tiers.includes(tier);
          expect(result.outcome === 'pass').toBe(deserved);
        },
      ),
    );
  });
});
