import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

/** One entry of a folder tree to copy, by its path relative to the tree. */
export type TreeEntry =
  | { kind: 'directory'; path: string }
  | { kind: 'file'; path: string }
  | { kind: 'symlink'; path: string; target: string };

/** Trees larger than this are not service skeletons. */
const MAX_ENTRIES = 50_000;

function isInside(base: string, target: string) {
  const relative = path.relative(base, target);
  return (
    relative === '' ||
    (!relative.startsWith(`..${path.sep}`) &&
      relative !== '..' &&
      !path.isAbsolute(relative))
  );
}

/**
 * Lists what copying `source` involves, refusing what cannot be copied
 * safely: a symlink is kept only if its text is relative and both its text
 * and its fully resolved target (chains followed) stay inside `source`;
 * dangling links, loops and special files are refused. `.git` folders are
 * left out: the copy gets a history of its own. `field` and `value` name the
 * input in errors.
 */
export async function planTreeCopy(
  source: string,
  field: string,
  value: string,
): Promise<TreeEntry[]> {
  const realSource = await fs.realpath(source);
  const entries: TreeEntry[] = [];
  const refuse = (what: string) =>
    new InputError(`${field} '${value}': ${what}.`);

  async function visit(dir: string) {
    const children = await fs.readdir(dir, { withFileTypes: true });
    children.sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) {
      const absolute = path.join(dir, child.name);
      const relative = path.relative(source, absolute);
      if (entries.length >= MAX_ENTRIES) {
        throw refuse(`more than ${MAX_ENTRIES} files and folders to copy`);
      }
      if (child.isDirectory()) {
        if (child.name === '.git') continue;
        entries.push({ kind: 'directory', path: relative });
        await visit(absolute);
      } else if (child.isFile()) {
        entries.push({ kind: 'file', path: relative });
      } else if (child.isSymbolicLink()) {
        const target = await fs.readlink(absolute);
        if (path.isAbsolute(target)) {
          throw refuse(
            `the symlink '${relative}' has an absolute target; only relative links inside the copied folder can be published`,
          );
        }
        if (!isInside(source, path.resolve(dir, target))) {
          throw refuse(
            `the symlink '${relative}' points outside the copied folder`,
          );
        }
        let resolved: string;
        try {
          resolved = await fs.realpath(absolute);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          throw refuse(
            code === 'ELOOP'
              ? `the symlink '${relative}' is part of a loop`
              : `the symlink '${relative}' is dangling (its target does not exist)`,
          );
        }
        if (!isInside(realSource, resolved)) {
          throw refuse(
            `the symlink '${relative}' leads outside the copied folder through a chain of links`,
          );
        }
        entries.push({ kind: 'symlink', path: relative, target });
      } else {
        throw refuse(
          `'${relative}' is not a regular file, folder or symlink and cannot be published`,
        );
      }
    }
  }

  await visit(source);
  return entries;
}

/** Copies the planned entries from `source` into the empty folder `dest`. */
export async function copyPlannedTree(
  source: string,
  dest: string,
  entries: TreeEntry[],
) {
  for (const entry of entries) {
    const to = path.join(dest, entry.path);
    if (entry.kind === 'directory') {
      await fs.mkdir(to);
    } else if (entry.kind === 'file') {
      const from = path.join(source, entry.path);
      // A file swapped for a link since planning must not be followed.
      if (!(await fs.lstat(from)).isFile()) {
        throw new InputError(`'${entry.path}' changed while it was copied.`);
      }
      // Keeps the mode (executable scripts stay executable); never overwrites.
      await fs.copyFile(from, to, fs.constants.COPYFILE_EXCL);
    } else {
      await fs.symlink(entry.target, to);
    }
  }
}
