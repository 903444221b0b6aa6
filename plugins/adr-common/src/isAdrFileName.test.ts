import { isAdrFileName } from './isAdrFileName';

describe('isAdrFileName', () => {
  it.each([
    ['docs/adr/0001-use-postgres.md', true],
    ['adr-0001-use-postgres.md', true],
    ['ADR-001 Use Postgres.MD', true],
    ['20201016-use-the-slug.markdown', true],
    ['0001-template-engine.md', true],
    ['docs\\adr\\0002-x.md', true],
    ['README.md', false],
    ['docs/adr/readme.md', false],
    ['index.md', false],
    ['template.md', false],
    ['adr-template.md', false],
    ['adr-template-bare.md', false],
    ['0000-template.md', false],
    ['0001-use-postgres.txt', false],
    ['0001-use-postgres.md.bak', false],
    ['.md', false],
    ['', false],
  ])('%s -> %s', (path, expected) => {
    expect(isAdrFileName(path)).toBe(expected);
  });

  it('returns false for a value that is not a string', () => {
    expect(isAdrFileName(undefined as unknown as string)).toBe(false);
  });
});
