import fc from 'fast-check';
import { parse } from 'yaml';
import { readSimpleYaml } from './readSimpleYaml';

/** What the `yaml` package makes of the same text, as a Map. */
function viaYaml(text: string): Map<string, unknown> {
  return new Map(Object.entries(parse(text, { merge: false }) ?? {}));
}

describe('readSimpleYaml', () => {
  it.each([
    'status: accepted\ndate: 2020-01-01\n',
    'decision-makers:\n  - Ann\n  - Bo Li\nconsulted: x, y\n',
    'deciders:\n- Ann\n',
    'status:\ndate: ~\nflag: true\n',
    '# a comment\nstatus: accepted\r\n',
    'url: http://example.com/a:b\n',
  ])('reads %j as the yaml package does', text => {
    expect(readSimpleYaml(text)).toEqual(viaYaml(text));
  });

  it.each([
    'status: "accepted"',
    "status: 'accepted'",
    'a: &x 1\nb: *x',
    '<<: {a: 1}',
    'a: [x]',
    'a: {x: 1}',
    'a: |\n  text',
    'a: >\n  text',
    'a: x # comment',
    'a: b: c',
    'a: 12',
    'a: 0x1F',
    'a: !!str x',
    '- x',
    '  a: x',
    'a: x\n  continued',
    'a:\n  - x\n    - y',
    'a:\n  - x: 1',
    'a:\t x',
  ])('leaves %j to the yaml package', text => {
    expect(readSimpleYaml(text)).toBeUndefined();
  });

  it('agrees with the yaml package whenever it answers', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9 #:,.'"&*!|>@%{}[\]~-]{0,12}$/);
    const key = fc.stringMatching(/^[a-z][a-z-]{0,8}$/);
    const entry = fc.oneof(
      fc.tuple(key, word).map(([k, v]) => `${k}: ${v}`),
      fc
        .tuple(key, fc.array(word, { maxLength: 3 }), fc.constantFrom('', '  '))
        .map(
          ([k, items, indent]) =>
            `${k}:${items.map(item => `\n${indent}- ${item}`).join('')}`,
        ),
    );
    let answered = 0;
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), entries => {
        const text = entries.join('\n');
        const simple = readSimpleYaml(text);
        // when it refuses, the yaml package is used: nothing to compare
        fc.pre(simple !== undefined);
        answered++;
        expect(simple).toEqual(viaYaml(text));
      }),
      { numRuns: 2000 },
    );
    expect(answered).toBeGreaterThan(200);
  });

  it('leaves a repeated key to the yaml package (which refuses it)', () => {
    expect(readSimpleYaml('q: \nq:')).toBeUndefined();
    expect(
      readSimpleYaml('status: accepted\nstatus: rejected'),
    ).toBeUndefined();
  });
});
