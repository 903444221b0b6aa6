import { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { LocalPublishRoot } from '@golden-path/plugin-golden-path-node';
import git from 'isomorphic-git';
import fs from 'node:fs';
import { join } from 'node:path';

/** Files larger than this are shown cut at this many bytes. */
export const MAX_FILE_BYTES = 512 * 1024;

/** One commit, as the repository view shows it. */
export type CommitSummary = {
  commit: string;
  message: string;
  author: string;
  date: string;
};

/** What the portal serves of a local repository. */
export type RepositorySummary = {
  name: string;
  defaultBranch: string;
  branches: string[];
  head: CommitSummary;
};

/** One entry of a folder. */
export type TreeEntry = {
  name: string;
  path: string;
  type: 'folder' | 'file' | 'link' | 'submodule';
};

/** A file's content; binary files and large files are not sent whole. */
export type FileContent = {
  path: string;
  size: number;
  binary: boolean;
  truncated: boolean;
  text?: string;
};

// eslint-disable-next-line no-control-regex
const PATH_SEGMENT = /^[^\u0000-\u001f/\\]{1,255}$/;

/**
 * Checks a path inside the repository given in a request: `a/b/c`, no
 * empty, `.` or `..` segments, no leading slash. Empty means the root.
 */
export function checkRepositoryPath(path: string): string {
  if (path === '') return '';
  const segments = path.split('/');
  if (
    path.length > 1024 ||
    segments.some(s => !PATH_SEGMENT.test(s) || s === '.' || s === '..')
  ) {
    throw new InputError(
      `path '${path.slice(
        0,
        200,
      )}' is not a path inside the repository: use folder and file names separated by '/'.`,
    );
  }
  return path;
}

/** What a tree entry is: git's type, with links told from files by mode. */
function entryType(entry: { type: string; mode: string }): TreeEntry['type'] {
  if (entry.type === 'tree') return 'folder';
  if (entry.type === 'commit') return 'submodule';
  return entry.mode === '120000' ? 'link' : 'file';
}

function isNotFound(error: unknown) {
  const e = error as { code?: string; name?: string };
  return e?.code === 'NotFoundError' || e?.name === 'NotFoundError';
}

/**
 * Reads the git repositories the scaffolder published under the local
 * publish root: which repository an entity came from, its branches, folders
 * and files at a branch. Read only; never the working tree, only commits.
 */
export class LocalRepositoryReader {
  constructor(private readonly publishRoot: LocalPublishRoot) {}

  /**
   * The repository an entity's catalog file lies in, from the location the
   * catalog read it from (`backstage.io/managed-by-location`, set by the
   * catalog, never by the file's author); undefined outside the root.
   */
  repositoryOf(entity: Entity): string | undefined {
    return this.publishRoot.repositoryOfEntity(entity);
  }

  /** The git folder of a repository, after checking it is one. */
  async gitDir(name: string): Promise<{ dir: string; gitdir: string }> {
    const dir = this.publishRoot.repoPath(name, 'repository');
    const gitdir = join(dir, '.git');
    const stat = await fs.promises.lstat(gitdir).catch(() => undefined);
    // The folder itself must not lead out of the root (a link).
    if (!stat?.isDirectory() || !this.publishRoot.contains(dir)) {
      throw new NotFoundError(
        `The repository '${name}' is not in the portal's repository folder.`,
      );
    }
    return { dir, gitdir };
  }

  /** The branch HEAD names (the default branch) and every branch. */
  async branches(name: string) {
    const { gitdir } = await this.gitDir(name);
    const branches = (await git.listBranches({ fs, gitdir })).sort();
    const current = await git.currentBranch({ fs, gitdir, fullname: false });
    const defaultBranch =
      current && branches.includes(current) ? current : branches[0];
    if (!defaultBranch) {
      throw new NotFoundError(`The repository '${name}' has no commits yet.`);
    }
    return { gitdir, branches, defaultBranch };
  }

  /** The commit a branch points at; the default branch when none is given. */
  private async resolveBranch(name: string, branch?: string) {
    const { gitdir, branches, defaultBranch } = await this.branches(name);
    const chosen = branch || defaultBranch;
    if (!branches.includes(chosen)) {
      throw new NotFoundError(
        `The repository '${name}' has no branch '${chosen.slice(0, 200)}'.`,
      );
    }
    const commit = await git.resolveRef({
      fs,
      gitdir,
      ref: `refs/heads/${chosen}`,
    });
    return { gitdir, branch: chosen, commit, branches, defaultBranch };
  }

  async summary(name: string, branch?: string): Promise<RepositorySummary> {
    const resolved = await this.resolveBranch(name, branch);
    const { commit } = await git.readCommit({
      fs,
      gitdir: resolved.gitdir,
      oid: resolved.commit,
    });
    return {
      name,
      defaultBranch: resolved.defaultBranch,
      branches: resolved.branches,
      head: {
        commit: resolved.commit,
        message: commit.message.trim(),
        author: commit.author.name,
        date: new Date(commit.author.timestamp * 1000).toISOString(),
      },
    };
  }

  /** The entries of a folder at a branch: folders first, then by name. */
  async tree(name: string, path: string, branch?: string) {
    const filepath = checkRepositoryPath(path);
    const { gitdir, commit } = await this.resolveBranch(name, branch);
    let tree;
    try {
      tree = await git.readTree({
        fs,
        gitdir,
        oid: commit,
        filepath: filepath || undefined,
      });
    } catch (error) {
      if (isNotFound(error)) {
        throw new NotFoundError(`There is no folder '${filepath}'.`);
      }
      if ((error as { code?: string }).code === 'ObjectTypeError') {
        throw new InputError(`'${filepath}' is a file, not a folder.`);
      }
      throw error;
    }
    const order = { folder: 0, submodule: 1, file: 2, link: 2 };
    const entries: TreeEntry[] = tree.tree.map(entry => ({
      name: entry.path,
      path: filepath ? `${filepath}/${entry.path}` : entry.path,
      type: entryType(entry),
    }));
    entries.sort(
      (a, b) => order[a.type] - order[b.type] || a.name.localeCompare(b.name),
    );
    return entries;
  }

  /** A file at a branch: text up to MAX_FILE_BYTES, binary files by size. */
  async file(name: string, path: string, branch?: string) {
    const filepath = checkRepositoryPath(path);
    if (!filepath) throw new InputError('path is required for a file.');
    const { gitdir, commit } = await this.resolveBranch(name, branch);
    let blob: Uint8Array;
    try {
      ({ blob } = await git.readBlob({ fs, gitdir, oid: commit, filepath }));
    } catch (error) {
      if (isNotFound(error)) {
        throw new NotFoundError(`There is no file '${filepath}'.`);
      }
      if ((error as { code?: string }).code === 'ObjectTypeError') {
        throw new InputError(`'${filepath}' is a folder, not a file.`);
      }
      throw error;
    }
    const head = blob.subarray(0, 8000);
    const binary = head.includes(0);
    const truncated = !binary && blob.length > MAX_FILE_BYTES;
    const content: FileContent = {
      path: filepath,
      size: blob.length,
      binary,
      truncated,
    };
    if (!binary) {
      content.text = Buffer.from(
        blob.buffer,
        blob.byteOffset,
        Math.min(blob.length, MAX_FILE_BYTES),
      ).toString('utf8');
    }
    return content;
  }

  /**
   * A file at the head of the default branch, or undefined when the branch
   * has no such file.
   */
  async readAtHead(
    name: string,
    filepath: string,
  ): Promise<Buffer | undefined> {
    const { gitdir, commit } = await this.resolveBranch(name);
    try {
      const { blob } = await git.readBlob({
        fs,
        gitdir,
        oid: commit,
        filepath,
      });
      return Buffer.from(blob);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * The refs of a repository in git's `info/refs` format (dumb HTTP):
   * branches and tags, sorted, annotated tags followed by their commit.
   */
  async infoRefs(name: string): Promise<string> {
    const { gitdir } = await this.gitDir(name);
    const lines: string[] = [];
    for (const branch of (await git.listBranches({ fs, gitdir })).sort()) {
      const oid = await git.resolveRef({
        fs,
        gitdir,
        ref: `refs/heads/${branch}`,
      });
      lines.push(`${oid}\trefs/heads/${branch}`);
    }
    for (const tag of (await git.listTags({ fs, gitdir })).sort()) {
      const oid = await git.resolveRef({ fs, gitdir, ref: `refs/tags/${tag}` });
      lines.push(`${oid}\trefs/tags/${tag}`);
      const { type, object } = await git.readObject({ fs, gitdir, oid });
      if (type === 'tag') {
        lines.push(
          `${(object as { object: string }).object}\trefs/tags/${tag}^{}`,
        );
      }
    }
    return lines.map(l => `${l}\n`).join('');
  }

  /** HEAD in git's format: `ref: refs/heads/<default branch>`. */
  async head(name: string): Promise<string> {
    const { defaultBranch } = await this.branches(name);
    return `ref: refs/heads/${defaultBranch}\n`;
  }

  /** The pack files, in git's `objects/info/packs` format. */
  async packs(name: string): Promise<string> {
    const { gitdir } = await this.gitDir(name);
    const files = await fs.promises
      .readdir(join(gitdir, 'objects', 'pack'))
      .catch(() => [] as string[]);
    return `${files
      .filter(f => /^pack-[0-9a-f]{40,64}\.pack$/.test(f))
      .sort()
      .map(f => `P ${f}\n`)
      .join('')}\n`;
  }

  /**
   * The absolute path of an object or pack file under `objects/`, for the
   * dumb HTTP transport: only loose objects and pack files, only regular
   * files (no links), else undefined.
   */
  async objectFile(name: string, objectPath: string) {
    if (
      !/^[0-9a-f]{2}\/[0-9a-f]{38}$/.test(objectPath) &&
      !/^pack\/pack-[0-9a-f]{40,64}\.(pack|idx)$/.test(objectPath)
    ) {
      return undefined;
    }
    const { gitdir } = await this.gitDir(name);
    const file = join(gitdir, 'objects', ...objectPath.split('/'));
    const stat = await fs.promises.lstat(file).catch(() => undefined);
    return stat?.isFile() ? { file, size: stat.size } : undefined;
  }
}
