import { FACTS } from '../__fixtures__/facts';
import { parseCheckDefinitions } from './parseCheckDefinitions';

const runbook = {
  id: 'runbook-linked',
  title: 'Runbook linked',
  description: 'On-call needs a runbook.',
  category: 'operations',
  level: 'bronze',
  tiers: 'all',
  condition: { fact: 'catalog.hasRunbook', operator: 'equal', value: true },
  remediation: {
    hint: 'Add the golden-path.io/runbook annotation.',
    url: '/docs/default/component/golden-path/runbooks',
  },
};

const drill = {
  id: 'failover-drill',
  title: 'Failover drill done',
  category: 'resilience',
  level: 'gold',
  tiers: ['important', 'critical'],
  condition: {
    fact: 'attestation.failover-drill',
    operator: 'equal',
    value: true,
  },
  remediation: { hint: 'Run a failover drill and attest it.' },
  attestation: { validDays: 90 },
};

function parse(raw: unknown) {
  return parseCheckDefinitions(raw, { source: 'checks.yaml', facts: FACTS });
}

/** One check, with fields replaced (undefined removes a field). */
function check(overrides: Record<string, unknown>, base: object = runbook) {
  const result: Record<string, unknown> = { ...base, ...overrides };
  for (const key of Object.keys(overrides)) {
    if (overrides[key] === undefined) delete result[key];
  }
  return result;
}

function errorsOf(raw: object) {
  const result = parse([raw]);
  expect(result.checks).toEqual([]);
  return result.errors;
}

describe('parseCheckDefinitions: valid checks', () => {
  it('reads checks from { checks } and from a list, deriving facts and tiers', () => {
    const expected = [
      {
        ...runbook,
        tiers: ['critical', 'important', 'standard', 'best-effort'],
        facts: ['catalog.hasRunbook'],
      },
      {
        ...drill,
        description: '',
        tiers: ['critical', 'important'],
        facts: ['attestation.failover-drill'],
      },
    ];
    expect(parse({ checks: [runbook, drill] })).toEqual({
      checks: expected,
      errors: [],
    });
    expect(parse([runbook, drill])).toEqual({ checks: expected, errors: [] });
  });

  it('accepts an http(s) remediation URL and no URL', () => {
    for (const url of ['https://backstage.example/create', 'http://x.test']) {
      expect(
        parse([check({ remediation: { hint: 'h', url } })]).errors,
      ).toEqual([]);
    }
    expect(
      parse([check({ remediation: { hint: 'h' } })]).checks[0].remediation,
    ).toEqual({ hint: 'h' });
  });

  it('accepts an empty list', () => {
    expect(parse({ checks: [] })).toEqual({ checks: [], errors: [] });
  });
});

describe('parseCheckDefinitions: each check on its own', () => {
  it('keeps the good checks and reports the broken one with its id and path', () => {
    const result = parse([
      runbook,
      check({ id: 'broken-one', level: 'platinum' }),
      drill,
    ]);
    expect(result.checks.map(c => c.id)).toEqual([
      'runbook-linked',
      'failover-drill',
    ]);
    expect(result.errors).toEqual([
      {
        source: 'checks.yaml',
        checkId: 'broken-one',
        path: 'checks[1].level',
        message:
          'unknown level "platinum"; expected one of bronze, silver, gold',
      },
    ]);
  });

  it('refuses a repeated id, keeping the first', () => {
    const result = parse([runbook, check({ title: 'Again' })]);
    expect(result.checks.map(c => c.title)).toEqual(['Runbook linked']);
    expect(result.errors).toEqual([
      {
        source: 'checks.yaml',
        checkId: 'runbook-linked',
        path: 'checks[1].id',
        message:
          'repeats the id "runbook-linked" of checks[0]; ids must be unique',
      },
    ]);
  });

  it('reports every problem of one check, not only the first', () => {
    const errors = errorsOf(
      check({ title: undefined, category: 'ops', tiers: ['gold'] }),
    );
    expect(errors.map(e => e.path)).toEqual([
      'checks[0].title',
      'checks[0].category',
      'checks[0].tiers[0]',
    ]);
  });
});

describe('parseCheckDefinitions: bad fields', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['a missing id', { id: undefined }, 'checks[0].id', 'is required'],
    [
      'an id not kebab-case',
      { id: 'Runbook_Linked' },
      'checks[0].id',
      'must be kebab-case',
    ],
    [
      'a trailing dash',
      { id: 'runbook-' },
      'checks[0].id',
      'must be kebab-case',
    ],
    [
      'a long id',
      { id: 'a'.repeat(64) },
      'checks[0].id',
      'at most 63 characters',
    ],
    ['a missing title', { title: undefined }, 'checks[0].title', 'is required'],
    ['a blank title', { title: '  ' }, 'checks[0].title', 'must not be empty'],
    [
      'a title that is not text',
      { title: 3 },
      'checks[0].title',
      'must be text, got 3',
    ],
    [
      'a description that is not text',
      { description: [] },
      'checks[0].description',
      'must be text, got a list',
    ],
    [
      'a missing category',
      { category: undefined },
      'checks[0].category',
      'is required: one of ownership',
    ],
    [
      'an unknown category',
      { category: 'securty' },
      'checks[0].category',
      'unknown category "securty" (did you mean "security"?)',
    ],
    [
      'a missing level',
      { level: undefined },
      'checks[0].level',
      'is required: one of bronze, silver, gold',
    ],
    [
      'a capitalised level',
      { level: 'Gold' },
      'checks[0].level',
      'did you mean "gold"?',
    ],
    [
      'missing tiers',
      { tiers: undefined },
      'checks[0].tiers',
      'is required: a list of tiers',
    ],
    [
      'tiers as a word',
      { tiers: 'critical' },
      'checks[0].tiers',
      'must be a list of tiers (critical, important, standard, best-effort) or "all", got "critical"',
    ],
    [
      'no tiers',
      { tiers: [] },
      'checks[0].tiers',
      'must name at least one tier',
    ],
    [
      'an unknown tier',
      { tiers: ['critical', 'best_effort'] },
      'checks[0].tiers[1]',
      'unknown tier "best_effort" (did you mean "best-effort"?)',
    ],
    [
      'a repeated tier',
      { tiers: ['critical', 'critical'] },
      'checks[0].tiers[1]',
      'repeats the tier critical',
    ],
    [
      'a missing condition',
      { condition: undefined },
      'checks[0].condition',
      'is required',
    ],
    [
      'a bad condition',
      {
        condition: {
          fact: 'catalog.hasRunbook',
          operator: 'equal',
          value: 'yes',
        },
      },
      'checks[0].condition.value',
      'must be true or false',
    ],
    [
      'an unknown fact',
      { condition: { all: [{ fact: 'nope.x', operator: 'exists' }] } },
      'checks[0].condition.all[0].fact',
      'unknown fact "nope.x"',
    ],
    [
      'a missing remediation',
      { remediation: undefined },
      'checks[0].remediation',
      'is required',
    ],
    [
      'a remediation that is text',
      { remediation: 'fix it' },
      'checks[0].remediation',
      'must be an object { hint, url? }',
    ],
    [
      'a missing hint',
      { remediation: { url: '/x' } },
      'checks[0].remediation.hint',
      'is required',
    ],
    [
      'a javascript: URL',
      { remediation: { hint: 'h', url: ['javascript', 'alert(1)'].join(':') } },
      'checks[0].remediation.url',
      'must be an http(s) URL or a path starting with "/"',
    ],
    [
      'a relative URL',
      { remediation: { hint: 'h', url: 'docs/runbooks' } },
      'checks[0].remediation.url',
      'must be an http(s) URL',
    ],
    [
      'a protocol-relative URL',
      { remediation: { hint: 'h', url: '//evil.test/x' } },
      'checks[0].remediation.url',
      'must be an http(s) URL',
    ],
    [
      'an unknown remediation field',
      { remediation: { hint: 'h', link: '/x' } },
      'checks[0].remediation',
      'has unknown field "link"',
    ],
    [
      'attestation as a number',
      { attestation: 30 },
      'checks[0].attestation',
      'must be an object { validDays }',
    ],
    [
      'an unknown attestation field',
      { attestation: { validDays: 30, days: 1 } },
      'checks[0].attestation',
      'has unknown field "days"',
    ],
  ])('refuses %s', (_, overrides, path, message) => {
    const errors = errorsOf(check(overrides));
    expect(errors.map(e => e.path)).toContain(path);
    const error = errors.find(e => e.path === path)!;
    expect(error.message).toContain(message);
    expect(error.source).toBe('checks.yaml');
  });

  it('names unknown fields, suggesting the intended one', () => {
    expect(errorsOf(check({ titel: 'x', owner: 'me' }))).toEqual([
      {
        source: 'checks.yaml',
        checkId: 'runbook-linked',
        path: 'checks[0]',
        message:
          'has unknown fields "titel" (did you mean "title"?) and "owner"; expected id, title, description, category, level, tiers, condition, remediation and attestation',
      },
    ]);
  });

  it.each([0, 366, 1.5, '30', null])(
    'refuses attestation.validDays %j',
    validDays => {
      const errors = errorsOf(check({ attestation: { validDays } }, drill));
      expect(errors.map(e => e.path)).toEqual([
        'checks[0].attestation.validDays',
      ]);
      expect(errors[0].message).toContain(
        'must be a whole number of days from 1 to 365',
      );
    },
  );

  it('accepts attestation.validDays 1 and 365', () => {
    for (const validDays of [1, 365]) {
      expect(
        parse([check({ attestation: { validDays } }, drill)]).errors,
      ).toEqual([]);
    }
  });

  it('leaves the checkId out when the id itself is broken', () => {
    const [error] = errorsOf(check({ id: 42 }));
    expect(error).toEqual({
      source: 'checks.yaml',
      path: 'checks[0].id',
      message: expect.stringContaining('must be kebab-case'),
    });
  });
});

describe('parseCheckDefinitions: attestation facts', () => {
  it('lets an attestable check read its own attestation fact only', () => {
    const errors = errorsOf(
      check(
        {
          condition: {
            fact: 'attestation.runbook-linked',
            operator: 'equal',
            value: true,
          },
        },
        drill,
      ),
    );
    expect(errors[0]).toMatchObject({
      path: 'checks[0].condition.fact',
      message: expect.stringContaining(
        'an attestation fact exists only for a check that sets attestation.validDays',
      ),
    });
  });

  it('does not lend one check its attestation fact to the next', () => {
    const result = parse([
      drill,
      check({
        id: 'reads-drill',
        condition: {
          fact: 'attestation.failover-drill',
          operator: 'equal',
          value: true,
        },
      }),
    ]);
    expect(result.checks.map(c => c.id)).toEqual(['failover-drill']);
    expect(result.errors[0].path).toBe('checks[1].condition.fact');
  });

  it('refuses an attestable check whose condition ignores the attestation', () => {
    const errors = errorsOf(check({ condition: runbook.condition }, drill));
    expect(errors).toEqual([
      {
        source: 'checks.yaml',
        checkId: 'failover-drill',
        path: 'checks[0].condition',
        message: expect.stringContaining(
          'must read attestation.failover-drill',
        ),
      },
    ]);
  });

  it('accepts an attestation among other facts', () => {
    const result = parse([
      check(
        {
          condition: {
            any: [
              { fact: 'adr.count', operator: 'greaterThan', value: 0 },
              {
                fact: 'attestation.failover-drill',
                operator: 'equal',
                value: true,
              },
            ],
          },
        },
        drill,
      ),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.checks[0].facts).toEqual([
      'adr.count',
      'attestation.failover-drill',
    ]);
  });
});

describe('parseCheckDefinitions: the document', () => {
  it.each([
    [null, ''],
    ['checks', ''],
    [42, ''],
    [{ checks: 'all' }, 'checks'],
    [{}, 'checks'],
  ])('refuses %j', (raw, path) => {
    const result = parse(raw);
    expect(result.checks).toEqual([]);
    expect(result.errors.map(e => e.path)).toContain(path);
  });

  it('names unknown top-level fields and still reads the checks', () => {
    const result = parse({ checks: [runbook], disabled: ['x'] });
    expect(result.checks.map(c => c.id)).toEqual(['runbook-linked']);
    expect(result.errors).toEqual([
      {
        source: 'checks.yaml',
        path: '',
        message: 'has unknown field "disabled"; expected only checks',
      },
    ]);
  });

  it('reports a check that is not an object', () => {
    expect(parse(['runbook-linked', runbook]).errors).toEqual([
      {
        source: 'checks.yaml',
        path: 'checks[0]',
        message: 'must be a check (an object), got "runbook-linked"',
      },
    ]);
  });

  it('refuses more than 500 checks', () => {
    const result = parse(Array(501).fill(runbook));
    expect(result.checks).toEqual([]);
    expect(result.errors).toEqual([
      {
        source: 'checks.yaml',
        path: 'checks',
        message: 'has 501 checks, over the limit of 500; none read',
      },
    ]);
  });

  it('reports a throwing getter instead of throwing', () => {
    const hostile = { ...runbook };
    Object.defineProperty(hostile, 'title', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    const result = parse([hostile]);
    expect(result.checks).toEqual([]);
    expect(result.errors[0].message).toContain('could not be read: no');
  });
});
