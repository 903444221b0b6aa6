import {
  describeInput,
  didYouMean,
  errorMessage,
  isPlainObject,
  joinPath,
  listWords,
} from './describeInput';

describe('describeInput', () => {
  it('names values without dumping them', () => {
    expect(describeInput(null)).toBe('null');
    expect(describeInput(undefined)).toBe('nothing');
    expect(describeInput([1])).toBe('a list');
    expect(describeInput({ a: 1 })).toBe('an object');
    expect(describeInput(3)).toBe('3');
    expect(describeInput('x'.repeat(100))).toBe(`"${'x'.repeat(60)}…"`);
  });
});

describe('didYouMean', () => {
  it('suggests a close name, swaps included', () => {
    expect(didYouMean('titel', ['title', 'tiers'])).toBe(
      ' (did you mean "title"?)',
    );
    expect(didYouMean('Level', ['level'])).toBe(' (did you mean "level"?)');
    expect(didYouMean('remedation', ['remediation'])).toBe(
      ' (did you mean "remediation"?)',
    );
  });

  it('stays quiet when nothing is close', () => {
    expect(didYouMean('owner', ['title', 'level'])).toBe('');
    expect(didYouMean('x', [])).toBe('');
  });
});

describe('the small helpers', () => {
  it('joins words and paths', () => {
    expect(listWords([])).toBe('');
    expect(listWords(['a'])).toBe('a');
    expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
    expect(joinPath('', 'id')).toBe('id');
    expect(joinPath('checks', 2)).toBe('checks[2]');
    expect(joinPath('checks[2]', 'id')).toBe('checks[2].id');
  });

  it('tells plain objects from lists, null and class instances', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject(new Date())).toBe(false);
  });

  it('reads the message of anything thrown', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage({ message: 'from another realm' })).toBe(
      'from another realm',
    );
    expect(errorMessage('plain')).toBe('plain');
  });
});
