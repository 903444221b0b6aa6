/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectShape"] }] */
import fc from 'fast-check';
import { parseAdr } from './parseAdr';
import { ParsedAdr } from './ParsedAdr';
import { adrTools } from './__fixtures__/adrTools';
import { byteOrderMark } from './__fixtures__/byteOrderMark';
import { datePrefixed } from './__fixtures__/datePrefixed';
import { madr2 } from './__fixtures__/madr2';
import { madr3Bullets } from './__fixtures__/madr3Bullets';
import { madr3FrontMatter } from './__fixtures__/madr3FrontMatter';
import { madr4 } from './__fixtures__/madr4';
import { nygard } from './__fixtures__/nygard';
import { windowsLineEndings } from './__fixtures__/windowsLineEndings';

const none = {
  decisionMakers: [],
  consulted: [],
  informed: [],
  supersedes: [],
  supersededBy: [],
  warnings: [],
};

/** The markdown after the closing `---` line of the front matter. */
function afterFrontMatter(text: string): string {
  const close = text.indexOf('\n---', 3);
  return text.slice(text.indexOf('\n', close + 1) + 1);
}

describe('parseAdr fixtures', () => {
  it('reads MADR 2 bullets and the Links section', () => {
    expect(
      parseAdr(
        madr2,
        'docs/decisions/0002-use-markdown-architectural-decision-records.md',
      ),
    ).toEqual<ParsedAdr>({
      ...none,
      path: 'docs/decisions/0002-use-markdown-architectural-decision-records.md',
      number: 2,
      slug: 'use-markdown-architectural-decision-records',
      title: 'Use Markdown Architectural Decision Records',
      status: 'accepted',
      statusRaw: 'accepted',
      date: '2017-12-14',
      decisionMakers: ['Oliver Kopp', 'Stefan Kapferer'],
      supersedes: [
        { number: 1, title: null, target: '0001-record-decisions.md' },
      ],
      body: madr2,
      format: 'madr2',
    });
  });

  it('reads MADR 3 bullets with consulted, informed and a named-month date', () => {
    expect(
      parseAdr(
        madr3Bullets,
        'docs/adr/adr-0004-use-kafka-for-domain-events.md',
      ),
    ).toEqual<ParsedAdr>({
      ...none,
      path: 'docs/adr/adr-0004-use-kafka-for-domain-events.md',
      number: 4,
      slug: 'use-kafka-for-domain-events',
      title: 'Use Kafka for domain events',
      status: 'proposed',
      statusRaw: 'Proposed',
      date: '2023-01-16',
      decisionMakers: ['Ana Ruiz', 'Ben Ode'],
      consulted: ['Platform team'],
      informed: ['All engineers'],
      body: madr3Bullets,
      format: 'madr3',
    });
  });

  it('reads MADR 3 front matter with a superseded status and an ADR-number title', () => {
    expect(
      parseAdr(madr3FrontMatter, 'docs/decisions/0007-use-rest.md'),
    ).toEqual<ParsedAdr>({
      ...none,
      path: 'docs/decisions/0007-use-rest.md',
      number: 7,
      slug: 'use-rest',
      title: 'Use REST between services',
      status: 'superseded',
      statusRaw: 'superseded by [ADR-0009](0009-use-grpc.md)',
      date: '2022-03-01',
      decisionMakers: ['Chen Li', 'Dana Voss'],
      consulted: ['Security guild'],
      supersededBy: [{ number: 9, title: null, target: '0009-use-grpc.md' }],
      body: afterFrontMatter(madr3FrontMatter),
      format: 'madr3',
    });
  });

  it('reads MADR 4 front matter (decision-makers)', () => {
    expect(
      parseAdr(madr4, 'docs/decisions/0012-store-adrs-next-to-the-code.md'),
    ).toEqual<ParsedAdr>({
      ...none,
      path: 'docs/decisions/0012-store-adrs-next-to-the-code.md',
      number: 12,
      slug: 'store-adrs-next-to-the-code',
      title: 'Store ADRs next to the code',
      status: 'accepted',
      statusRaw: 'accepted',
      date: '2024-09-17',
      decisionMakers: ['Priya Nair', 'Tom Berg'],
      consulted: ['SRE'],
      // YAML: ` #eng` starts a comment
      informed: ['Everyone in'],
      body: afterFrontMatter(madr4),
      format: 'madr4',
    });
    expect(afterFrontMatter(madr4).startsWith('\n# Store ADRs')).toBe(true);
  });

  it('reads a Nygard record that supersedes one and is superseded by another', () => {
    expect(
      parseAdr(nygard, 'doc/adr/0003-use-postgresql.md'),
    ).toEqual<ParsedAdr>({
      ...none,
      path: 'doc/adr/0003-use-postgresql.md',
      number: 3,
      slug: 'use-postgresql',
      title: 'Use PostgreSQL',
      status: 'superseded',
      statusRaw: 'Superseded by [5. Use CockroachDB](0005-use-cockroachdb.md)',
      date: '2018-04-02',
      supersedes: [
        { number: 2, title: 'Use MySQL', target: '0002-use-mysql.md' },
      ],
      supersededBy: [
        {
          number: 5,
          title: 'Use CockroachDB',
          target: '0005-use-cockroachdb.md',
        },
      ],
      body: nygard,
      format: 'nygard',
    });
  });

  it('reads the record adr-tools generates', () => {
    expect(
      parseAdr(adrTools, 'doc/adr/0001-record-architecture-decisions.md'),
    ).toEqual<ParsedAdr>({
      ...none,
      path: 'doc/adr/0001-record-architecture-decisions.md',
      number: 1,
      slug: 'record-architecture-decisions',
      title: 'Record architecture decisions',
      status: 'accepted',
      statusRaw: 'Accepted',
      date: '2016-02-12',
      body: adrTools,
      format: 'nygard',
    });
  });

  it('takes the date from a date-prefixed file name', () => {
    expect(
      parseAdr(datePrefixed, 'decisions/20201016-use-the-slug.md'),
    ).toEqual<ParsedAdr>({
      ...none,
      path: 'decisions/20201016-use-the-slug.md',
      number: null,
      slug: 'use-the-slug',
      title: 'Use the slug as the identifier',
      status: 'proposed',
      statusRaw: 'draft',
      date: '2020-10-16',
      body: datePrefixed,
      format: 'nygard',
    });
  });

  it('reads Windows line endings and an ADR-001 file name with spaces', () => {
    expect(windowsLineEndings).toContain('\r\n');
    expect(
      parseAdr(windowsLineEndings, 'adr\\ADR-011 Run our own Kubernetes.md'),
    ).toEqual<ParsedAdr>({
      ...none,
      path: 'adr\\ADR-011 Run our own Kubernetes.md',
      number: 11,
      slug: 'run-our-own-kubernetes',
      title: 'Run our own Kubernetes',
      status: 'rejected',
      statusRaw: 'Rejected',
      date: '2021-06-30',
      decisionMakers: ['Kim Park'],
      body: windowsLineEndings.slice(
        windowsLineEndings.indexOf('# Run our own'),
      ),
      format: 'madr3',
    });
  });

  it('drops a byte order mark', () => {
    expect(
      parseAdr(byteOrderMark, 'doc/adr/0004-adopt-opentelemetry.md'),
    ).toEqual<ParsedAdr>({
      ...none,
      path: 'doc/adr/0004-adopt-opentelemetry.md',
      number: 4,
      slug: 'adopt-opentelemetry',
      title: 'Adopt OpenTelemetry',
      status: 'deprecated',
      statusRaw: 'Deprecated',
      date: '2019-11-05',
      body: byteOrderMark.slice(1),
      format: 'nygard',
    });
  });
});

describe('parseAdr details', () => {
  it('falls back to the slug for the title, with warnings for what is missing', () => {
    const adr = parseAdr('Just some text.\n', 'adr/0009-pick-a-cloud.md');
    expect(adr).toMatchObject({
      number: 9,
      title: 'Pick a cloud',
      status: null,
      statusRaw: null,
      date: null,
      format: 'unknown',
    });
    expect(adr.warnings).toEqual([
      'no "# title" heading; made the title from the file name',
      'no status found',
      'no date found',
    ]);
  });

  it('takes the number from a Nygard title when the file name has none', () => {
    const adr = parseAdr('# 12. Use X\n\n## Status\n\nAccepted\n', 'use-x.md');
    expect(adr).toMatchObject({ number: 12, title: 'Use X', slug: 'use-x' });
  });

  it('warns when the title and the file name disagree on the number', () => {
    const adr = parseAdr('# 12. Use X\n', '0013-use-x.md');
    expect(adr.number).toBe(13);
    expect(adr.warnings).toContain(
      'the title says number 12 but the file name says 13; kept 13',
    );
  });

  it('reads a setext title and bold bullet keys', () => {
    const adr = parseAdr(
      'Use Y\n=====\n\n* **Status:** Approved\n* **Date:** 2020-02-02\n',
      'y.md',
    );
    expect(adr).toMatchObject({
      title: 'Use Y',
      status: 'accepted',
      date: '2020-02-02',
      format: 'madr2',
    });
  });

  it('ignores headings and metadata inside fenced code', () => {
    const text =
      '# Real title\n\n```\n# not a title\nStatus: rejected\n```\n\n## Status\n\nAccepted\n';
    expect(parseAdr(text, 'a.md')).toMatchObject({
      title: 'Real title',
      status: 'accepted',
    });
  });

  it('reads several status lines, the recognised one winning', () => {
    const text =
      '# 2. B\n\n## Status\n\nSupersedes [1. A](0001-a.md)\n\nAccepted\n\n## Context\n';
    expect(parseAdr(text, '0002-b.md')).toMatchObject({
      status: 'accepted',
      statusRaw: 'Accepted',
      supersedes: [{ number: 1, title: 'A', target: '0001-a.md' }],
    });
  });

  it.each([
    ['2020-01-16', '2020-01-16', null],
    ['2020/01/16', '2020-01-16', null],
    ['16 Jan 2020', '2020-01-16', null],
    ['January 16, 2020', '2020-01-16', null],
    ['16/01/2020', '2020-01-16', null],
    ['01/16/2020', '2020-01-16', null],
    ['20200116', '2020-01-16', null],
    ['2020-01-16T10:00:00Z', '2020-01-16', null],
    ['03/04/2020', null, 'the date "03/04/2020" is ambiguous'],
    ['2021-02-29', null, 'the date "2021-02-29" is not a real calendar date'],
    ['2020-13-01', null, 'the date "2020-13-01" is not a real calendar date'],
    ['next week', null, 'the date "next week" is not a date format'],
    ['{YYYY-MM-DD}', null, 'the date "{YYYY-MM-DD}" is not a date format'],
  ])('reads the date %s', (raw, date, warning) => {
    const adr = parseAdr(`---\ndate: "${raw}"\n---\n# T\n`, 'x.md');
    expect(adr.date).toBe(date);
    const dateWarnings = adr.warnings.filter(w => w.startsWith('the date'));
    expect(dateWarnings.map(w => w.slice(0, (warning ?? '').length))).toEqual(
      warning === null ? [] : [warning],
    );
  });

  it('splits and cleans people lists, skipping template placeholders', () => {
    const adr = parseAdr(
      '---\ndeciders: "{list everyone involved}"\nconsulted: [a, {x: 1}, b]\n---\n',
      'x.md',
    );
    expect(adr.decisionMakers).toEqual([]);
    expect(adr.consulted).toEqual(['a', 'b']);
    expect(adr.warnings).toEqual(
      expect.arrayContaining([
        'the decision makers "{list everyone involved}" is a template placeholder',
        'an entry of consulted is not text; ignored',
      ]),
    );
  });

  it('reads plain superseded-by names without links', () => {
    const adr = parseAdr('* Status: superseded by ADR-0123\n', 'x.md');
    expect(adr.status).toBe('superseded');
    expect(adr.supersededBy).toEqual([
      { number: 123, title: null, target: 'ADR-0123' },
    ]);
  });
});

describe('parseAdr and untrusted markup', () => {
  const hostile = [
    '---',
    'status: "<script>alert(1)</script>accepted"',
    'deciders: ["<img src=x onerror=alert(1)>Mallory"]',
    '---',
    '# <img src=x onerror=alert(1)> Use <b>bold</b> [links](javascript:alert(1))',
    '',
    '<script>alert("body")</script>',
    '',
    '## Links',
    '',
    '* Superseded by [2. Evil](javascript:alert(1))',
    '* Supersedes [<script>x</script>](0001-a.md)',
    '',
  ].join('\n');

  it('returns the body as is, script included', () => {
    const adr = parseAdr(hostile, '0003-x.md');
    expect(adr.body).toContain('<script>alert("body")</script>');
    expect(adr.body).toBe(hostile.slice(hostile.indexOf('# <img')));
  });

  it('gives plain-text titles, names and statuses', () => {
    const adr = parseAdr(hostile, '0003-x.md');
    expect(adr.title).toBe('Use bold links');
    expect(adr.decisionMakers).toEqual(['Mallory']);
    expect(adr.statusRaw).toBe('Superseded by [2. Evil](javascript:alert(1))');
    expect(adr.status).toBe('superseded');
  });

  it('drops javascript: link targets', () => {
    const adr = parseAdr(hostile, '0003-x.md');
    expect(adr.supersededBy).toEqual([
      { number: 2, title: 'Evil', target: '2. Evil' },
    ]);
    expect(adr.warnings).toContain(
      'ignored the unsafe link target "javascript:alert(1"',
    );
  });

  it('keeps tags out of every field but the body', () => {
    const { body, ...rest } = parseAdr(hostile, '0003-x.md');
    const fields = JSON.stringify(rest);
    expect(fields).not.toMatch(/<script|<img|onerror=alert\(1\)>|<b>/i);
    const nested = parseAdr('# <<b>script>alert(1)<</b>/script> T\n', 'x.md');
    expect(nested.title).not.toMatch(/<[a-z/]/i);
  });
});

describe('parseAdr never throws', () => {
  /** What is wrong with the shape of a result; empty when nothing. */
  const shapeProblems = (adr: ParsedAdr): string[] => {
    const problems: string[] = [];
    for (const key of ['path', 'slug', 'body'] as const) {
      if (typeof adr[key] !== 'string') problems.push(`${key} not a string`);
    }
    if (!Array.isArray(adr.warnings)) problems.push('warnings not a list');
    if (
      !['madr4', 'madr3', 'madr2', 'nygard', 'unknown'].includes(adr.format)
    ) {
      problems.push(`format ${adr.format}`);
    }
    if (adr.date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(adr.date)) {
      problems.push(`date ${adr.date}`);
    }
    return problems;
  };
  const expectShape = (adr: ParsedAdr) =>
    expect(shapeProblems(adr)).toEqual([]);

  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.string(), (text, path) => {
        expectShape(parseAdr(text, path));
      }),
      { numRuns: 500 },
    );
  });

  it('on binary-ish data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), bytes => {
        expectShape(parseAdr(String.fromCharCode(...bytes), 'x.md'));
      }),
      { numRuns: 300 },
    );
  });

  it('on random markdown-shaped lines', () => {
    const line = fc.oneof(
      fc.constantFrom(
        '---',
        '# 1. Title',
        '## Status',
        '## Links',
        '* Status: accepted',
        '- Date: 2020-02-30',
        'Superseded by [3. X](0003-x.md)',
        'Supersedes',
        '```',
        '~~~',
        '===',
        'status: [',
        '<<: *a',
        'a: &a [x]',
        '',
        '\r',
        '\uFEFF',
      ),
      fc.string({ maxLength: 80 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), lines => {
        expectShape(parseAdr(lines.join('\n'), '0001-x.md'));
        expectShape(parseAdr(lines.join('\r\n'), '0001-x.md'));
      }),
      { numRuns: 500 },
    );
  });

  it('on values that are not strings', () => {
    const inputs: unknown[] = [undefined, null, 42, {}, ['# x'], Symbol('x')];
    for (const input of inputs) {
      const adr = parseAdr(input as string, input as string);
      expectShape(adr);
      expect(adr.warnings.length).toBeGreaterThan(0);
    }
  });

  it('refuses inputs over 5 MB without reading them', () => {
    const text = `# Big\n\n${'é'.repeat(2.7 * 1024 * 1024)}`;
    const started = Date.now();
    const adr = parseAdr(text, '0001-big.md');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(adr).toMatchObject({ title: 'Big', body: '', number: 1 });
    expect(adr.warnings).toEqual([
      'the file is 5.4 MB (5662317 bytes), over the 5 MB limit; its content was not read',
    ]);
  });

  it('parses large inputs under the limit quickly', () => {
    const text = `# Large\n\n${'word '.repeat(1_000_000)}\n`;
    const started = Date.now();
    expect(parseAdr(text, 'x.md').title).toBe('Large');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('on deeply nested lists and one very long line', () => {
    const nested = Array.from(
      { length: 20000 },
      (_, i) => `${' '.repeat(i % 200)}- * + ${i}`,
    ).join('\n');
    expectShape(parseAdr(nested, 'x.md'));
    expectShape(parseAdr(`# ${'- '.repeat(500000)}`, 'x.md'));
    expectShape(parseAdr(`# ${'#'.repeat(500000)}`, 'x.md'));
    expectShape(parseAdr(`* Status: ${'<a'.repeat(100000)}`, 'x.md'));
  });

  it.each([
    ['not YAML', '---\nstatus: [accepted\n---\n# T\n', 'not valid YAML'],
    ['a YAML list', '---\n- a\n- b\n---\n# T\n', 'is a list, not a mapping'],
    ['a scalar', '---\njust words\n---\n# T\n', 'is a string, not a mapping'],
    ['empty', '---\n---\n# T\n', 'the front matter is empty'],
    [
      'a merge key',
      '---\nbase: &b {status: accepted}\n<<: *b\n---\n# T\n',
      'merge key',
    ],
    ['a directive', '---\n%YAML 1.1\n---\n# T\n', 'YAML directive'],
    ['unterminated', '---\nstatus: accepted\n# T\n', 'not closed'],
    [
      'deeply nested flow YAML',
      `---\na: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n# T\n`,
      'front matter',
    ],
  ])('on front matter that is %s', (_, text, warning) => {
    const adr = parseAdr(text, 'x.md');
    expectShape(adr);
    expect(adr.warnings.join('\n')).toContain(warning);
    expect(adr.title).toBe('T');
  });

  it('reads unterminated front matter as markdown', () => {
    const text = '---\nstatus: accepted\n# T\n';
    expect(parseAdr(text, 'x.md')).toMatchObject({ body: text, title: 'T' });
  });

  it('on aliases that expand exponentially (billion laughs)', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(
        `${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`,
      );
    }
    const text = `---\n${levels.join('\n')}\nstatus: accepted\n---\n# T\n`;
    const started = Date.now();
    const adr = parseAdr(text, 'x.md');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(adr.warnings.join('\n')).toContain('could not be read');
  });

  it('reads anchors used within the alias limit', () => {
    const adr = parseAdr(
      '---\nteam: &t [Ann, Bo]\ndeciders: *t\nstatus: accepted\n---\n# T\n',
      'x.md',
    );
    expect(adr.decisionMakers).toEqual(['Ann', 'Bo']);
  });

  it('keeps a merge key from merging', () => {
    const adr = parseAdr(
      '---\nbase: &b {status: accepted}\n<<: *b\n---\n# T\n',
      'x.md',
    );
    expect(adr.status).toBeNull();
  });
});
