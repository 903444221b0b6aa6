import type { Condition } from '../model';
import { conditionFacts } from './conditionFacts';

describe('conditionFacts', () => {
  it('lists every fact read, sorted and unique', () => {
    const condition: Condition = {
      all: [
        { fact: 'slo.count', operator: 'greaterThan', value: 0 },
        {
          any: [
            { fact: 'catalog.hasRunbook', operator: 'equal', value: true },
            { not: { fact: 'slo.count', operator: 'exists' } },
          ],
        },
        { not: { not: { fact: 'adr.count', operator: 'exists' } } },
      ],
    };
    expect(conditionFacts(condition)).toEqual([
      'adr.count',
      'catalog.hasRunbook',
      'slo.count',
    ]);
  });

  it('reads a single comparison', () => {
    expect(conditionFacts({ fact: 'a.b', operator: 'exists' })).toEqual([
      'a.b',
    ]);
  });

  it('survives a cyclic hand-built condition', () => {
    const cyclic: { all: unknown[] } = { all: [] };
    cyclic.all.push(cyclic, { fact: 'x.y', operator: 'exists' });
    expect(conditionFacts(cyclic as Condition)).toEqual(['x.y']);
  });
});
