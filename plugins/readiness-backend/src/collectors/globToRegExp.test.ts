import { GlobError, globToRegExp } from './globToRegExp';

const matches = (glob: string, path: string) => globToRegExp(glob).test(path);

describe('globToRegExp', () => {
  it('matches literal paths exactly', () => {
    expect(matches('Dockerfile', 'Dockerfile')).toBe(true);
    expect(matches('Dockerfile', 'src/Dockerfile')).toBe(false);
    expect(matches('Dockerfile', 'Dockerfile.dev')).toBe(false);
    expect(matches('docs/adr/x.md', 'docs/adr/x.md')).toBe(true);
  });

  it('treats regular expression characters as literals', () => {
    expect(matches('a.b', 'a.b')).toBe(true);
    expect(matches('a.b', 'axb')).toBe(false);
    expect(matches('a+(b)|c$', 'a+(b)|c$')).toBe(true);
    expect(matches('[ab]', '[ab]')).toBe(true);
    expect(matches('[ab]', 'a')).toBe(false);
  });

  it('* matches within one folder only', () => {
    expect(matches('*.yml', 'ci.yml')).toBe(true);
    expect(matches('*.yml', 'a/ci.yml')).toBe(false);
    expect(matches('.github/workflows/*.yml', '.github/workflows/ci.yml')).toBe(
      true,
    );
    expect(
      matches('.github/workflows/*.yml', '.github/workflows/x/ci.yml'),
    ).toBe(false);
    expect(matches('src/*', 'src/')).toBe(true);
    expect(matches('*', '.hidden')).toBe(true);
  });

  it('? matches one character except /', () => {
    expect(matches('a?c', 'abc')).toBe(true);
    expect(matches('a?c', 'ac')).toBe(false);
    expect(matches('a?c', 'a/c')).toBe(false);
  });

  it('** matches any number of folders, none included', () => {
    expect(matches('**/Dockerfile', 'Dockerfile')).toBe(true);
    expect(matches('**/Dockerfile', 'a/b/Dockerfile')).toBe(true);
    expect(matches('**/Dockerfile', 'a/bDockerfile')).toBe(false);
    expect(matches('src/**/*.ts', 'src/a.ts')).toBe(true);
    expect(matches('src/**/*.ts', 'src/a/b/c.ts')).toBe(true);
    expect(matches('src/**/*.ts', 'lib/a.ts')).toBe(false);
    expect(matches('docs/adr/**', 'docs/adr/0001-x.md')).toBe(true);
    expect(matches('docs/adr/**', 'docs/adr/sub/0001-x.md')).toBe(true);
    expect(matches('docs/adr/**', 'docs/adrx/0001.md')).toBe(false);
    expect(matches('**', 'any/thing/at/all')).toBe(true);
  });

  it('{a,b} matches one of the alternatives, with wildcards inside', () => {
    const glob = '.github/workflows/*.{yml,yaml}';
    expect(matches(glob, '.github/workflows/ci.yml')).toBe(true);
    expect(matches(glob, '.github/workflows/ci.yaml')).toBe(true);
    expect(matches(glob, '.github/workflows/ci.json')).toBe(false);
    expect(matches('{src,lib}/**/*.ts', 'lib/x/y.ts')).toBe(true);
    expect(matches('{src,lib}/**/*.ts', 'test/y.ts')).toBe(false);
    expect(matches('{Dockerfile,**/Containerfile}', 'a/Containerfile')).toBe(
      true,
    );
    expect(matches('x{,.bak}', 'x')).toBe(true);
    expect(matches('x{,.bak}', 'x.bak')).toBe(true);
  });

  it.each([
    ['', 'the glob is empty'],
    ['/etc/passwd', 'must be relative to the repository root'],
    ['../secret', "must not hold '.' or '..' segments"],
    ['a/./b', "must not hold '.' or '..' segments"],
    ['a//b', 'empty segments'],
    ['a\\b', 'use / as the folder separator'],
    ['src/{a,b', "'{' at character 5 is never closed"],
    ['src/a}', "'}' at character 6 has no matching '{'"],
    ['{a,{b,c}}', 'nested braces are not supported'],
    ['src/a**', "'**' must be a whole folder segment"],
    ['**a/b', "'**' must be a whole folder segment"],
  ])('refuses %j', (glob, message) => {
    expect(() => globToRegExp(glob)).toThrow(GlobError);
    expect(() => globToRegExp(glob)).toThrow(message);
  });
});
