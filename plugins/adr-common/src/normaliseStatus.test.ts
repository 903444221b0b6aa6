import { normaliseStatus } from './normaliseStatus';

describe('normaliseStatus', () => {
  it.each([
    ['accepted', 'accepted'],
    ['Accepted', 'accepted'],
    ['  ACCEPTED.  ', 'accepted'],
    ['**Accepted**', 'accepted'],
    ['approved', 'accepted'],
    ['Adopted', 'accepted'],
    ['agreed', 'accepted'],
    ['decided', 'accepted'],
    ['implemented', 'accepted'],
    ['accepted on 2020-01-01', 'accepted'],
    ['proposed', 'proposed'],
    ['Draft', 'proposed'],
    ['proposal', 'proposed'],
    ['WIP', 'proposed'],
    ['in review', 'proposed'],
    ['Under discussion', 'proposed'],
    ['pending', 'proposed'],
    ['rejected', 'rejected'],
    ['Declined', 'rejected'],
    ['withdrawn', 'rejected'],
    ['not accepted', 'rejected'],
    ['deprecated', 'deprecated'],
    ['Obsolete', 'deprecated'],
    ['retired', 'deprecated'],
    ['superseded', 'superseded'],
    ['Superseded by [3. Use X](0003-use-x.md)', 'superseded'],
    ['superseded by ADR-0123', 'superseded'],
    ['superceded', 'superseded'],
    ['Replaced by ADR-2', 'superseded'],
    ['Supersedes [2. Y](0002-y.md)', null],
    ['{proposed | rejected | accepted}', null],
    ['maybe', null],
    ['', null],
    ['   ', null],
  ])('%j -> %s', (raw, status) => {
    expect(normaliseStatus(raw)).toBe(status);
  });

  it.each([undefined, null, 1, {}, ['accepted']])(
    'returns null for %j',
    raw => {
      expect(normaliseStatus(raw)).toBeNull();
    },
  );
});
