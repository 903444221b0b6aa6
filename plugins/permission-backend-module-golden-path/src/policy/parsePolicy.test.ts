import fs from 'node:fs';
import path from 'node:path';
import { mergePolicies, parsePolicy, PolicyFileError } from './parsePolicy';

const problemsOf = (text: string) => {
  try {
    parsePolicy(text, 'policy.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyFileError);
    return (error as PolicyFileError).problems;
  }
  throw new Error('expected the policy to be refused');
};

describe('parsePolicy', () => {
  it('reads the shipped policy files', () => {
    const root = path.resolve(__dirname, '../../../..');
    for (const file of [
      'permission-policy.yaml',
      'examples/permission-policy.development.yaml',
    ]) {
      const policy = parsePolicy(
        fs.readFileSync(path.join(root, file), 'utf8'),
        file,
      );
      expect(policy.roles.length).toBeGreaterThan(0);
    }
  });

  it('reads members, names, patterns and owner rules', () => {
    const { roles } = parsePolicy(
      `roles:
  - name: platform
    members: [group:team-platform, User:default/Alice, everyone]
    allow:
      - readiness.*
      - { permission: goldenpath.upgrade.create, when: owner }
`,
      'policy.yaml',
    );
    expect(roles).toHaveLength(1);
    expect(roles[0].members).toEqual([
      { type: 'entity', kind: 'group', ref: 'group:default/team-platform' },
      { type: 'entity', kind: 'user', ref: 'user:default/alice' },
      { type: 'everyone' },
    ]);
    const [pattern, owner] = roles[0].allow;
    expect(pattern.when).toBe('always');
    expect(pattern.matches('readiness.refresh.all')).toBe(true);
    expect(pattern.matches('readinessXrefresh')).toBe(false);
    expect(pattern.matches('slo.read')).toBe(false);
    expect(owner).toMatchObject({
      pattern: 'goldenpath.upgrade.create',
      when: 'owner',
    });
    expect(owner.matches('goldenpath.upgrade.create')).toBe(true);
    expect(owner.matches('goldenpath.upgrade.createX')).toBe(false);
  });

  it('names every problem with its place in the file', () => {
    expect(
      problemsOf(`roles:
  - name: Platform Team
    members: [component:default/x, 'a:b:c', everyone]
    allow: ['slo read', { permission: x, when: sometimes }]
    extra: 1
`),
    ).toEqual([
      'roles[0].name must be lower-case letters, digits and dashes (at most 63)',
      'roles[0].allow[1].when must be "always" or "owner"',
      expect.stringMatching(/^roles\[0\] .*extra/),
    ]);
    expect(
      problemsOf(`roles:
  - name: a
    members: [component:default/x, 'a:b:c']
    allow: ['slo read']
  - name: a
    members: [everyone]
    allow: ['*']
`),
    ).toEqual([
      'roles[0].members[0] "component:default/x" is a component; members are users, groups or "everyone"',
      'roles[0].members[1] "a:b:c" is neither "everyone" nor an entity ref such as group:default/team-platform',
      'roles[0].allow[0] "slo read" is not a permission name (letters, digits, ".", "-", "_", and "*" for any characters)',
      'roles[1].name "a" is defined twice',
    ]);
  });

  it('refuses empty roles, no roles, bad YAML, merge keys and big files', () => {
    expect(problemsOf('')).toEqual([expect.stringContaining('')]);
    expect(problemsOf('roles: []')).toEqual([
      'roles must define at least one role',
    ]);
    expect(
      problemsOf('roles:\n  - name: a\n    members: []\n    allow: []\n'),
    ).toEqual([
      'roles[0].members must name at least one member',
      'roles[0].allow must allow at least one permission',
    ]);
    expect(problemsOf('roles: [\n')[0]).toMatch(/^not valid YAML: /);
    expect(problemsOf('roles: 1\nroles: 2\n')[0]).toMatch(
      /^not valid YAML: .*[Mm]ap keys must be unique/,
    );
    expect(
      problemsOf(
        'base: &b { name: a, members: [everyone], allow: ["*"] }\nroles:\n  - <<: *b\n',
      ).join(' '),
    ).toMatch(/<</);
    expect(problemsOf(`# ${'x'.repeat(300 * 1024)}\n`)).toEqual([
      'the file is over the limit of 256 kB',
    ]);
    expect(problemsOf('- a\n- b\n')).toEqual([
      expect.stringMatching(/object/i),
    ]);
  });

  it('refuses a role defined in two files', () => {
    const one = parsePolicy(
      'roles: [{ name: a, members: [everyone], allow: [x] }]',
      'one.yaml',
    );
    const two = parsePolicy(
      'roles: [{ name: a, members: [everyone], allow: [y] }]',
      'two.yaml',
    );
    expect(() =>
      mergePolicies([
        { source: 'one.yaml', policy: one },
        { source: 'two.yaml', policy: two },
      ]),
    ).toThrow('role "a" is defined in both one.yaml and two.yaml');
  });
});
