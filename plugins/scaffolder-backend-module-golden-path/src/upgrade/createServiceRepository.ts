import { TemplateHistory } from '@golden-path/plugin-golden-path-node';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import { PROVENANCE_FILE, provenanceFileText } from '../actions/provenance';
import type { ProvenanceRecord } from './ServiceUpgrader';
import { TemplateRenderer } from './renderTemplate';

/**
 * Creates a service's git repository as a given template version would
 * have: renders that version with `answers` (the scaffolder's dry run),
 * writes the files and the provenance record, and commits them on `main`.
 * For demo organisations, tests and benchmarks of upgrades; real services
 * are created by running the template.
 * @returns the commit
 * @public
 */
export async function createServiceRepository(options: {
  renderer: TemplateRenderer;
  history: TemplateHistory;
  version: string;
  answers: Record<string, unknown>;
  entityRef: string;
  dir: string;
  author: { name: string; email: string };
  createdAt?: Date;
}): Promise<string> {
  const { history, version, dir } = options;
  if (fs.existsSync(dir)) {
    throw new Error(`${dir} exists already`);
  }
  const files = await options.renderer.render({
    files: await history.files(version),
    answers: options.answers,
    entityRef: options.entityRef,
    templateRef: history.templateRef,
    createdOn: (options.createdAt ?? new Date()).toISOString().slice(0, 10),
    label: `${history.templateRef} ${version}`,
  });
  const createdAt = options.createdAt ?? new Date();
  const record: ProvenanceRecord = {
    apiVersion: 'golden-path.io/v1',
    kind: 'TemplateProvenance',
    template: history.templateRef,
    version,
    ...(history.versions().find(v => v.version === version)?.commit
      ? { commit: history.versions().find(v => v.version === version)!.commit }
      : {}),
    createdAt: createdAt.toISOString(),
    answers: options.answers,
  };
  files.set(PROVENANCE_FILE, {
    content: Buffer.from(provenanceFileText(record)),
    executable: false,
  });
  fs.mkdirSync(dir, { recursive: true });
  await git.init({ fs, dir, defaultBranch: 'main' });
  for (const [file, state] of [...files.entries()].sort()) {
    const target = path.join(dir, ...file.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, state.content, {
      mode: state.executable ? 0o755 : 0o644,
    });
    await git.add({ fs, dir, filepath: file });
  }
  const timestamp = Math.floor(createdAt.getTime() / 1000);
  return git.commit({
    fs,
    dir,
    message: `Create ${options.entityRef} from ${history.templateRef} ${version}`,
    author: { ...options.author, timestamp, timezoneOffset: 0 },
  });
}
