import { parseDocument } from 'yaml';
import { z } from 'zod';

/**
 * A member of a role: every signed-in person, or one user or group.
 * @public
 */
export type RoleMember =
  | { type: 'everyone' }
  | { type: 'entity'; ref: string; kind: 'user' | 'group' };

/**
 * One entry of a role's `allow` list: the permissions it names (a name, or a
 * pattern where `*` stands for any characters), unconditionally or only on
 * catalog entities the person owns.
 * @public
 */
export type PolicyRule = {
  pattern: string;
  matches: (permissionName: string) => boolean;
  when: 'always' | 'owner';
};

/**
 * A role as read from a policy file.
 * @public
 */
export type PolicyRole = {
  name: string;
  description?: string;
  members: RoleMember[];
  allow: PolicyRule[];
  /** Where the role was defined, for messages: file name and role index. */
  source: string;
};

/**
 * A whole policy: the roles of every policy file, in order.
 * @public
 */
export type Policy = { roles: PolicyRole[] };

/** Policy files above this size are not read. */
const MAX_POLICY_BYTES = 256 * 1024;
const MAX_ALIAS_COUNT = 20;

const PERMISSION_PATTERN = /^[A-Za-z0-9_.*-]{1,200}$/;

// A bare string is the short form of { permission: <string> }.
const ruleSchema = z.preprocess(
  value => (typeof value === 'string' ? { permission: value } : value),
  z
    .object({
      permission: z.string({
        message: 'must be a permission name or pattern',
      }),
      when: z
        .enum(['always', 'owner'], {
          message: 'must be "always" or "owner"',
        })
        .optional(),
    })
    .strict(),
);

const roleSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,62}$/,
        'must be lower-case letters, digits and dashes (at most 63)',
      ),
    description: z.string().max(1000).optional(),
    members: z.array(z.string()).min(1, 'must name at least one member'),
    allow: z.array(ruleSchema).min(1, 'must allow at least one permission'),
  })
  .strict();

const policySchema = z
  .object({
    roles: z.array(roleSchema).min(1, 'must define at least one role'),
  })
  .strict();

/**
 * A policy file that cannot be used, with every problem found in it.
 * @public
 */
export class PolicyFileError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(
      `The permission policy ${source} cannot be used: ${problems.join('; ')}`,
    );
    this.name = 'PolicyFileError';
  }
}

function globToMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return name => name === pattern;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map(part => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
      .join('.*')}$`,
  );
  return name => regex.test(name);
}

const MEMBER_REF = /^([A-Za-z]+):(?:([A-Za-z0-9._-]+)\/)?([A-Za-z0-9._-]+)$/;

function parseMember(value: string): RoleMember | string {
  if (value === 'everyone') return { type: 'everyone' };
  const match = MEMBER_REF.exec(value);
  if (!match) {
    return `"${value}" is neither "everyone" nor an entity ref such as group:default/team-platform`;
  }
  const [, kindText, namespace = 'default', name] = match;
  const kind = kindText.toLocaleLowerCase('en-US');
  if (kind !== 'user' && kind !== 'group') {
    return `"${value}" is a ${kindText}; members are users, groups or "everyone"`;
  }
  return {
    type: 'entity',
    kind,
    ref: `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US'),
  };
}

function describePath(path: (string | number)[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number'
        ? `[${part}]`
        : `${index === 0 ? '' : '.'}${part}`,
    )
    .join('');
}

/**
 * Reads one policy file (YAML). Every problem is collected and thrown
 * together as a {@link PolicyFileError} naming the file, the place in it
 * (`roles[2].allow[0]`) and what is wrong; nothing of a bad file is used.
 * @public
 */
export function parsePolicy(text: string, source: string): Policy {
  const problems: string[] = [];
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) {
    throw new PolicyFileError(source, [
      `the file is over the limit of ${MAX_POLICY_BYTES / 1024} kB`,
    ]);
  }
  const document = parseDocument(text, {
    uniqueKeys: true,
    merge: false,
    prettyErrors: true,
    strict: true,
  });
  const yamlProblems = [...document.errors, ...document.warnings];
  if (yamlProblems.length > 0) {
    throw new PolicyFileError(
      source,
      yamlProblems.map(
        problem => `not valid YAML: ${problem.message.split('\n')[0]}`,
      ),
    );
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new PolicyFileError(source, [
      `not valid YAML: ${(error as Error).message}`,
    ]);
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    throw new PolicyFileError(
      source,
      parsed.error.issues.map(issue =>
        issue.path.length > 0
          ? `${describePath(issue.path as (string | number)[])} ${
              issue.message
            }`
          : issue.message,
      ),
    );
  }

  const roles: PolicyRole[] = [];
  const seen = new Set<string>();
  parsed.data.roles.forEach((role, roleIndex) => {
    const at = `roles[${roleIndex}]`;
    if (seen.has(role.name)) {
      problems.push(`${at}.name "${role.name}" is defined twice`);
    }
    seen.add(role.name);
    const members: RoleMember[] = [];
    role.members.forEach((value, memberIndex) => {
      const member = parseMember(value);
      if (typeof member === 'string') {
        problems.push(`${at}.members[${memberIndex}] ${member}`);
      } else {
        members.push(member);
      }
    });
    const allow: PolicyRule[] = [];
    role.allow.forEach((entry, ruleIndex) => {
      const pattern = entry.permission;
      const when = entry.when ?? 'always';
      if (!PERMISSION_PATTERN.test(pattern)) {
        problems.push(
          `${at}.allow[${ruleIndex}] "${pattern}" is not a permission name (letters, digits, ".", "-", "_", and "*" for any characters)`,
        );
        return;
      }
      allow.push({ pattern, matches: globToMatcher(pattern), when });
    });
    roles.push({
      name: role.name,
      ...(role.description ? { description: role.description } : {}),
      members,
      allow,
      source: `${source} ${at}`,
    });
  });
  if (problems.length > 0) throw new PolicyFileError(source, problems);
  return { roles };
}

/**
 * Several policy files read as one policy: their roles together. A role
 * name defined in two files is an error (one would silently hide the
 * other).
 * @public
 */
export function mergePolicies(
  policies: { source: string; policy: Policy }[],
): Policy {
  const byName = new Map<string, string>();
  const problems: string[] = [];
  for (const { source, policy } of policies) {
    for (const role of policy.roles) {
      const earlier = byName.get(role.name);
      if (earlier) {
        problems.push(
          `role "${role.name}" is defined in both ${earlier} and ${source}`,
        );
      }
      byName.set(role.name, source);
    }
  }
  if (problems.length > 0) {
    throw new PolicyFileError(
      policies.map(p => p.source).join(' and '),
      problems,
    );
  }
  return { roles: policies.flatMap(p => p.policy.roles) };
}
