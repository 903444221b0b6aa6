import { parseJson } from './parseJson';

describe('parseJson', () => {
  it('parses JSON text', () => {
    expect(parseJson('["a","b"]', [])).toEqual(['a', 'b']);
    expect(parseJson('{"x":1}', {})).toEqual({ x: 1 });
    expect(parseJson('null', ['fallback'])).toBeNull();
  });

  it('reads missing, empty and broken values as the fallback', () => {
    const fallback: string[] = [];
    expect(parseJson(null, fallback)).toBe(fallback);
    expect(parseJson(undefined, fallback)).toBe(fallback);
    expect(parseJson('', fallback)).toBe(fallback);
    expect(parseJson('[1,', fallback)).toBe(fallback);
  });

  it('reads values that are not text as the fallback', () => {
    expect(parseJson(5, 'fallback')).toBe('fallback');
    expect(parseJson({ already: 'parsed' }, 'fallback')).toBe('fallback');
  });
});
