import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_SUPPORTED_VERSIONS,
  ANNOTATION_TEMPLATE_VERSION,
  isSemver,
} from '@golden-path/plugin-golden-path-common';
import git from 'isomorphic-git';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import { parse } from 'yaml';

/**
 * The file beside template.yaml that names the commit of each older version.
 * @public
 */
export const VERSIONS_FILE = 'versions.yaml';
/**
 * The file beside template.yaml with each version's changes.
 * @public
 */
export const CHANGELOG_FILE = 'CHANGELOG.md';

/** One released version of a template. @public */
export type TemplateVersion = {
  version: string;
  /** The commit of this repository holding it; none for the current one. */
  commit?: string;
  /** The date of its changelog heading, when it has one. */
  date?: string;
  /** Its changelog entries. */
  changes: string[];
  current: boolean;
};

/** A file of a template folder. @public */
export type TemplateFile = {
  path: string;
  content: Buffer;
  executable: boolean;
};

/**
 * Parses a template's CHANGELOG.md: `## <version> (<date>)` headings, each
 * followed by `-` entries (continuation lines joined).
 * @public
 */
export function parseTemplateChangelog(
  text: string,
): Map<string, { date?: string; changes: string[] }> {
  const result = new Map<string, { date?: string; changes: string[] }>();
  let current: { date?: string; changes: string[] } | undefined;
  for (const line of text.split(/\r?\n/)) {
    const heading = /^##\s+v?(\S+)(?:\s+\((\d{4}-\d\d-\d\d)\))?\s*$/.exec(line);
    if (heading) {
      current = isSemver(heading[1])
        ? { date: heading[2], changes: [] }
        : undefined;
      if (current) result.set(heading[1], current);
      continue;
    }
    if (/^#/.test(line)) {
      current = undefined;
      continue;
    }
    if (!current) continue;
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      current.changes.push(item[1].trim());
    } else if (line.trim() && current.changes.length) {
      current.changes[current.changes.length - 1] += ` ${line.trim()}`;
    }
  }
  return result;
}

/**
 * The versions of a template kept in a local git checkout: the current one
 * (template.yaml's `golden-path.io/template-version`, read from the folder
 * as the scaffolder reads it) and the older ones named in `versions.yaml`
 * (`<version>: <commit>`), each read from git history. Their changes come
 * from CHANGELOG.md.
 * @public
 */
export class TemplateHistory {
  /**
   * The history of a Template entity read from a `file` location (the
   * catalog's managed-by-location).
   * @throws InputError naming what is missing or malformed
   */
  static async fromEntity(template: Entity): Promise<TemplateHistory> {
    const ref = `template:${template.metadata.namespace ?? 'default'}/${
      template.metadata.name
    }`;
    const location = template.metadata.annotations?.[ANNOTATION_LOCATION];
    let target: string | undefined;
    try {
      const parsed = location ? parseLocationRef(location) : undefined;
      if (parsed?.type === 'file') target = parsed.target;
    } catch {
      target = undefined;
    }
    if (!target) {
      throw new InputError(
        `${ref} is not read from a local folder, so the portal cannot read its older versions (templates in a local git checkout only, for now).`,
      );
    }
    return TemplateHistory.fromFolder(path.dirname(target), ref);
  }

  /** The history of the template in `folder` (its template.yaml). */
  static async fromFolder(
    folder: string,
    ref: string,
  ): Promise<TemplateHistory> {
    const read = (file: string) =>
      fs.readFile(path.join(folder, file), 'utf8').catch(error => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          return undefined;
        throw error;
      });
    const templateYaml = await read('template.yaml');
    if (templateYaml === undefined) {
      throw new NotFoundError(`${ref} has no template.yaml in its folder.`);
    }
    const template = parse(templateYaml) as Entity;
    const annotations = template?.metadata?.annotations ?? {};
    const current = annotations[ANNOTATION_TEMPLATE_VERSION];
    if (!current || !isSemver(current)) {
      throw new InputError(
        `${ref} has ${
          current ? `version '${current}', which is not a semver` : 'no version'
        }: set metadata.annotations.${ANNOTATION_TEMPLATE_VERSION} in its template.yaml.`,
      );
    }
    const supported = annotations[ANNOTATION_SUPPORTED_VERSIONS];
    if (supported !== undefined && semver.validRange(supported) === null) {
      throw new InputError(
        `${ref} has ${ANNOTATION_SUPPORTED_VERSIONS} '${supported}', which is not a semver range like '>=2.0.0'.`,
      );
    }

    const older = new Map<string, string>();
    const versionsYaml = await read(VERSIONS_FILE);
    if (versionsYaml !== undefined) {
      let parsed: unknown;
      try {
        parsed = parse(versionsYaml);
      } catch (error) {
        throw new InputError(
          `${VERSIONS_FILE} of ${ref} is not valid YAML: ${
            (error as Error).message.split('\n')[0]
          }`,
        );
      }
      const versions = (parsed as { versions?: unknown })?.versions;
      if (
        typeof versions !== 'object' ||
        versions === null ||
        Array.isArray(versions)
      ) {
        throw new InputError(
          `${VERSIONS_FILE} of ${ref} must have a 'versions' map of version: commit.`,
        );
      }
      for (const [version, commit] of Object.entries(versions)) {
        if (
          !isSemver(version) ||
          typeof commit !== 'string' ||
          !/^[0-9a-f]{40}$/.test(commit)
        ) {
          throw new InputError(
            `${VERSIONS_FILE} of ${ref}: '${version}: ${String(
              commit,
            )}' is not a semver with a full (40 hex digits) commit.`,
          );
        }
        if (version === current) {
          throw new InputError(
            `${VERSIONS_FILE} of ${ref} names ${version}, which is the current version in template.yaml; raise the version in template.yaml.`,
          );
        }
        older.set(version, commit);
      }
    }

    const changelog = parseTemplateChangelog(
      (await read(CHANGELOG_FILE)) ?? '',
    );
    let gitRoot: string | undefined;
    try {
      gitRoot = await git.findRoot({ fs: fsSync, filepath: folder });
    } catch {
      gitRoot = undefined;
    }
    return new TemplateHistory(
      ref,
      folder,
      gitRoot,
      current,
      supported,
      older,
      changelog,
    );
  }

  private constructor(
    readonly templateRef: string,
    private readonly folder: string,
    private readonly gitRoot: string | undefined,
    readonly currentVersion: string,
    readonly supportedRange: string | undefined,
    private readonly older: Map<string, string>,
    private readonly changelog: Map<
      string,
      { date?: string; changes: string[] }
    >,
  ) {}

  /** Every version, newest first, with its changelog entries. */
  versions(): TemplateVersion[] {
    const all = [this.currentVersion, ...this.older.keys()];
    return all
      .sort((a, b) => semver.rcompare(a, b))
      .map(version => ({
        version,
        commit: this.older.get(version),
        date: this.changelog.get(version)?.date,
        changes: this.changelog.get(version)?.changes ?? [],
        current: version === this.currentVersion,
      }));
  }

  /** Whether `version` is one of the template's versions. */
  has(version: string): boolean {
    return version === this.currentVersion || this.older.has(version);
  }

  /** Whether `version` is in the supported range (every version without one). */
  supports(version: string): boolean {
    if (!isSemver(version)) return false;
    return this.supportedRange
      ? semver.satisfies(version, this.supportedRange, {
          includePrerelease: true,
        })
      : this.has(version);
  }

  /** How many released versions are newer than `version`. */
  versionsBehind(version: string): number {
    if (!isSemver(version)) return 0;
    return this.versions().filter(v => semver.gt(v.version, version)).length;
  }

  /**
   * The files of the template folder at `version`: the current version as
   * the scaffolder reads it (the folder's files that git tracks, or every
   * file outside a git checkout), older versions from their commit.
   * @throws NotFoundError for a version the template does not have
   */
  async files(version: string): Promise<TemplateFile[]> {
    if (version === this.currentVersion) return this.currentFiles();
    const commit = this.older.get(version);
    if (!commit) {
      throw new NotFoundError(
        `${this.templateRef} has no version ${version}; it has ${this.versions()
          .map(v => v.version)
          .join(', ')}.`,
      );
    }
    if (!this.gitRoot) {
      throw new NotFoundError(
        `${this.templateRef} ${version} is commit ${commit.slice(
          0,
          12,
        )}, but the template folder is not in a git checkout.`,
      );
    }
    const prefix = path
      .relative(this.gitRoot, this.folder)
      .split(path.sep)
      .join('/');
    const files: TemplateFile[] = [];
    const gitdir = path.join(this.gitRoot, '.git');
    let tree: string;
    try {
      const { oid } = await git.readTree({
        fs: fsSync,
        gitdir,
        oid: commit,
        filepath: prefix || undefined,
      });
      tree = oid;
    } catch {
      throw new NotFoundError(
        `${this.templateRef} ${version} is commit ${commit.slice(
          0,
          12,
        )}, which this checkout does not have (a shallow clone?): fetch the full history.`,
      );
    }
    const walk = async (oid: string, dir: string) => {
      const { tree: entries } = await git.readTree({ fs: fsSync, gitdir, oid });
      for (const entry of entries) {
        const p = dir ? `${dir}/${entry.path}` : entry.path;
        if (entry.type === 'tree') await walk(entry.oid, p);
        else if (entry.type === 'blob' && entry.mode !== '120000') {
          const { blob } = await git.readBlob({
            fs: fsSync,
            gitdir,
            oid: entry.oid,
          });
          files.push({
            path: p,
            content: Buffer.from(blob),
            executable: entry.mode === '100755',
          });
        }
      }
    };
    await walk(tree, '');
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  private async currentFiles(): Promise<TemplateFile[]> {
    let paths: string[];
    if (this.gitRoot) {
      const prefix = path
        .relative(this.gitRoot, this.folder)
        .split(path.sep)
        .join('/');
      const tracked = await git.listFiles({ fs: fsSync, dir: this.gitRoot });
      paths = tracked
        .filter(p => !prefix || p.startsWith(`${prefix}/`))
        .map(p => (prefix ? p.slice(prefix.length + 1) : p));
    } else {
      paths = [];
      const walk = async (dir: string) => {
        for (const entry of await fs.readdir(path.join(this.folder, dir), {
          withFileTypes: true,
        })) {
          const p = dir ? `${dir}/${entry.name}` : entry.name;
          if (
            entry.isDirectory() &&
            entry.name !== 'node_modules' &&
            entry.name !== '.git'
          )
            await walk(p);
          else if (entry.isFile()) paths.push(p);
        }
      };
      await walk('');
    }
    const files: TemplateFile[] = [];
    for (const p of paths.sort()) {
      const absolute = path.join(this.folder, ...p.split('/'));
      const stat = await fs.lstat(absolute).catch(() => undefined);
      // Tracked but deleted in the folder, or a link: not part of it.
      if (!stat?.isFile()) continue;
      files.push({
        path: p,
        content: await fs.readFile(absolute),
        executable: (stat.mode & 0o111) !== 0,
      });
    }
    return files;
  }
}
