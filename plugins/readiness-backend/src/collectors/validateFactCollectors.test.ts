import { FactCollector } from '@golden-path/plugin-readiness-node';
import { validateFactCollectors } from './validateFactCollectors';

const collector = (
  id: string,
  facts: Array<Record<string, unknown>> = [
    {
      id: `${id}.thing`,
      type: 'boolean',
      description: 'A thing',
      collector: id,
    },
  ],
): FactCollector =>
  ({ id, facts, collect: async () => [] } as unknown as FactCollector);

describe('validateFactCollectors', () => {
  it('accepts well-formed collectors', () => {
    expect(() =>
      validateFactCollectors([collector('catalog'), collector('sonar-qube')]),
    ).not.toThrow();
  });

  it.each([
    [[collector('Sonar')], "fact collector 'Sonar': id must be lower-case"],
    [[collector('attestation')], "the id 'attestation' is reserved"],
    [
      [collector('a'), collector('a')],
      "fact collector 'a': another collector has the same id",
    ],
    [
      [collector('a', [])],
      "fact collector 'a': facts must list the facts it collects",
    ],
    [
      [
        collector('a', [
          { id: 'b.thing', type: 'boolean', description: 'x', collector: 'a' },
        ]),
      ],
      "fact collector 'a': facts[0].id must be 'a.' followed by a name",
    ],
    [
      [
        collector('a', [
          { id: 'a.x', type: 'date', description: 'x', collector: 'a' },
        ]),
      ],
      'facts[0].type must be one of boolean, number, string, string[]',
    ],
    [
      [
        collector('a', [
          { id: 'a.x', type: 'number', description: 'x', collector: 'b' },
        ]),
      ],
      "facts[0].collector must be 'a'",
    ],
    [
      [
        collector('a', [
          { id: 'a.x', type: 'number', description: 'x', collector: 'a' },
          { id: 'a.x', type: 'number', description: 'x', collector: 'a' },
        ]),
      ],
      'facts[1].id a.x is declared twice',
    ],
  ])('refuses %#', (collectors, message) => {
    expect(() => validateFactCollectors(collectors)).toThrow(message);
  });
});
