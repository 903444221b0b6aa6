import { FACTS } from '../__fixtures__/facts';
import { parseCheckYaml } from './parseCheckYaml';

const yaml = `checks:
  - id: runbook-linked
    title: Runbook linked
    category: operations
    level: bronze
    tiers: all
    condition: { fact: catalog.hasRunbook, operator: equal, value: true }
    remediation:
      hint: Add the golden-path.io/runbook annotation.
      url: /create/templates/default/runbook
  - id: adrs-recorded
    title: Decisions recorded
    category: traceability
    level: silver
    tiers: [critical, important]
    condition:
      all:
        - { fact: adr.count, operator: greaterThanInclusive, value: 1 }
        - not: { fact: catalog.lifecycle, operator: equal, value: experimental }
    remediation:
      hint: Record your first ADR.
`;

function parse(text: string) {
  return parseCheckYaml(text, { source: 'checks.yaml', facts: FACTS });
}

describe('parseCheckYaml', () => {
  it('reads checks from YAML', () => {
    const result = parse(yaml);
    expect(result.errors).toEqual([]);
    expect(result.checks.map(c => [c.id, c.level, c.tiers, c.facts])).toEqual([
      [
        'runbook-linked',
        'bronze',
        ['critical', 'important', 'standard', 'best-effort'],
        ['catalog.hasRunbook'],
      ],
      [
        'adrs-recorded',
        'silver',
        ['critical', 'important'],
        ['adr.count', 'catalog.lifecycle'],
      ],
    ]);
  });

  it('reads a bare list of checks', () => {
    const list = yaml.replace(/^checks:\n/, '').replace(/^ {2}/gm, '');
    expect(parse(list).checks).toHaveLength(2);
  });

  it('reports a syntax error with its line, never throwing', () => {
    const result = parse('checks:\n  - id: x\n    title: [unclosed\n');
    expect(result.checks).toEqual([]);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors[0]).toMatchObject({
      source: 'checks.yaml',
      path: '',
      message: expect.stringMatching(/^is not valid YAML: .*line \d+/),
    });
  });

  it('reports a duplicate key with its line', () => {
    const result = parse('checks:\n  - id: a\n    id: b\n');
    expect(result.checks).toEqual([]);
    expect(result.errors[0].message).toBe(
      'is not valid YAML: Map keys must be unique at line 3, column 5',
    );
  });

  it('refuses a YAML 1.1 "yes" as a boolean, naming the field', () => {
    const result = parse(
      yaml.replace(
        'operator: equal, value: true',
        'operator: equal, value: yes',
      ),
    );
    expect(result.checks.map(c => c.id)).toEqual(['adrs-recorded']);
    expect(result.errors).toEqual([
      {
        source: 'checks.yaml',
        checkId: 'runbook-linked',
        path: 'checks[0].condition.value',
        message:
          'must be true or false (catalog.hasRunbook is a boolean fact), got "yes"',
      },
    ]);
  });

  it('keeps merge keys off: << is an unknown field', () => {
    const result = parse(`base: &base
  category: operations
checks:
  - <<: *base
    id: x
`);
    expect(result.errors.map(e => [e.path, e.message])).toContainEqual([
      '',
      'has unknown field "base"; expected only checks',
    ]);
    expect(
      result.errors.some(
        e => e.path === 'checks[0]' && e.message.includes('"<<"'),
      ),
    ).toBe(true);
  });

  it('stops an alias bomb', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'checks: [*d]',
    ].join('\n');
    const result = parse(bomb);
    expect(result.checks).toEqual([]);
    expect(result.errors[0].message).toMatch(/^is not valid YAML: /);
  });

  it('reports an unresolved tag instead of dropping it', () => {
    const result = parse('checks: !!js/function "x"\n');
    expect(result.checks).toEqual([]);
    expect(result.errors[0].message).toContain('is not valid YAML');
  });

  it('refuses several documents, saying where the second starts', () => {
    const result = parse(`${yaml}---\nchecks: []\n`);
    expect(result.checks).toEqual([]);
    expect(result.errors).toEqual([
      {
        source: 'checks.yaml',
        path: '',
        message:
          'is not valid YAML: the file has more than one document (a "---" line at line 22, column 1); put every check under one checks: list',
      },
    ]);
  });

  it.each(['', '# only a comment\n', '~\n'])(
    'refuses an empty file %j',
    text => {
      expect(parse(text)).toEqual({
        checks: [],
        errors: [
          {
            source: 'checks.yaml',
            path: '',
            message: 'the file is empty; expected checks: [...]',
          },
        ],
      });
    },
  );

  it('refuses a non-object root', () => {
    expect(parse('just text\n').errors[0].message).toContain(
      'must be a list of checks or an object { checks: [...] }, got "just text"',
    );
  });

  it('refuses oversized input and non-text', () => {
    expect(parse(`# ${'x'.repeat(1024 * 1024)}`).errors[0].message).toContain(
      'over the limit',
    );
    expect(
      parseCheckYaml(42 as unknown as string, {
        source: 's',
        facts: FACTS,
      }).errors[0].message,
    ).toBe('the check definitions are not text');
  });
});
