import git from 'isomorphic-git';
import fs from 'node:fs';
import type { FileState } from './planMerge';

type TreeNode = {
  files: Map<string, { mode: string; oid: string; type: 'blob' | 'commit' }>;
  dirs: Map<string, TreeNode | { oid: string }>;
};

/** Every file of a commit (links and submodules are left out), by path. */
export async function readCommitFiles(
  gitdir: string,
  commit: string,
): Promise<Map<string, FileState>> {
  const files = new Map<string, FileState>();
  const walk = async (oid: string, dir: string) => {
    const { tree } = await git.readTree({ fs, gitdir, oid });
    for (const entry of tree) {
      const p = dir ? `${dir}/${entry.path}` : entry.path;
      if (entry.type === 'tree') {
        await walk(entry.oid, p);
      } else if (entry.type === 'blob' && entry.mode !== '120000') {
        const { blob } = await git.readBlob({ fs, gitdir, oid: entry.oid });
        files.set(p, {
          content: Buffer.from(blob),
          executable: entry.mode === '100755',
        });
      }
    }
  };
  const { commit: parsed } = await git.readCommit({ fs, gitdir, oid: commit });
  await walk(parsed.tree, '');
  return files;
}

/**
 * Files of the working tree that differ from the last commit (modified,
 * staged or deleted tracked files); untracked files do not count.
 */
export async function uncommittedChanges(dir: string): Promise<string[]> {
  const matrix = await git.statusMatrix({ fs, dir });
  return matrix
    .filter(
      ([, head, workdir, stage]) =>
        head === 1 && !(workdir === 1 && stage === 1),
    )
    .concat(matrix.filter(([, head, , stage]) => head === 0 && stage !== 0))
    .map(([file]) => file)
    .sort();
}

async function loadTree(gitdir: string, oid: string): Promise<TreeNode> {
  const node: TreeNode = { files: new Map(), dirs: new Map() };
  const { tree } = await git.readTree({ fs, gitdir, oid });
  for (const entry of tree) {
    if (entry.type === 'tree') node.dirs.set(entry.path, { oid: entry.oid });
    else
      node.files.set(entry.path, {
        mode: entry.mode,
        oid: entry.oid,
        type: entry.type as 'blob' | 'commit',
      });
  }
  return node;
}

/**
 * Writes `changes` (path to new content, or null to delete) as one commit
 * on top of `parent` and points the new branch at it. Only git objects and
 * the new ref are written: the working tree, the index and every other
 * branch stay as they are.
 * @returns the new commit
 */
export async function commitOnNewBranch(options: {
  gitdir: string;
  parent: string;
  branch: string;
  changes: Map<string, FileState | null>;
  message: string;
  author: { name: string; email: string };
}): Promise<string> {
  const { gitdir } = options;
  const { commit: parentCommit } = await git.readCommit({
    fs,
    gitdir,
    oid: options.parent,
  });
  const root = await loadTree(gitdir, parentCommit.tree);

  const dirOf = async (segments: string[], create: boolean) => {
    let node: TreeNode | undefined = root;
    for (const segment of segments) {
      let child: TreeNode | { oid: string } | undefined =
        node!.dirs.get(segment);
      if (child && 'oid' in child) {
        child = await loadTree(gitdir, child.oid);
        node!.dirs.set(segment, child);
      }
      if (!child) {
        if (!create) return undefined;
        child = { files: new Map(), dirs: new Map() };
        node!.dirs.set(segment, child);
      }
      node = child as TreeNode;
    }
    return node;
  };

  for (const [filepath, state] of [...options.changes.entries()].sort()) {
    const segments = filepath.split('/');
    const name = segments.pop()!;
    const dir = await dirOf(segments, state !== null);
    if (!dir) continue;
    if (state === null) {
      dir.files.delete(name);
      continue;
    }
    const oid = await git.writeBlob({
      fs,
      gitdir,
      blob: new Uint8Array(state.content),
    });
    dir.files.set(name, {
      mode: state.executable ? '100755' : '100644',
      oid,
      type: 'blob',
    });
  }

  // Bottom-up; folders left empty disappear, as in git.
  const write = async (node: TreeNode): Promise<string | undefined> => {
    const entries: Array<{
      mode: string;
      path: string;
      oid: string;
      type: 'blob' | 'tree' | 'commit';
    }> = [];
    for (const [name, file] of node.files) {
      entries.push({
        mode: file.mode,
        path: name,
        oid: file.oid,
        type: file.type,
      });
    }
    for (const [name, child] of node.dirs) {
      const oid = 'oid' in child ? child.oid : await write(child);
      if (oid) entries.push({ mode: '040000', path: name, oid, type: 'tree' });
    }
    if (entries.length === 0) return undefined;
    return git.writeTree({ fs, gitdir, tree: entries });
  };
  const tree =
    (await write(root)) ?? (await git.writeTree({ fs, gitdir, tree: [] }));
  const now = Math.floor(Date.now() / 1000);
  const person = { ...options.author, timestamp: now, timezoneOffset: 0 };
  const commit = await git.writeCommit({
    fs,
    gitdir,
    commit: {
      message: options.message.endsWith('\n')
        ? options.message
        : `${options.message}\n`,
      tree,
      parent: [options.parent],
      author: person,
      committer: person,
    },
  });
  await git.writeRef({
    fs,
    gitdir,
    ref: `refs/heads/${options.branch}`,
    value: commit,
    force: false,
  });
  return commit;
}
