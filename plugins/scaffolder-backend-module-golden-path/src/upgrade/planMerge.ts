import path from 'node:path';
import { mergeText } from './mergeText';

/**
 * A file's content and whether it is executable.
 * @public
 */
export type FileState = { content: Buffer; executable: boolean };

/**
 * A file the upgrade could not merge by itself.
 * @public
 */
export type Conflict = { path: string; reason: string };

/**
 * What an upgrade does to each file, and what it tells the user.
 * @public
 */
export type MergePlan = {
  /** New content per path; `null` deletes the file. */
  changes: Map<string, FileState | null>;
  /** Taken from the new version: the service had not changed them. */
  updated: string[];
  /** Changed by both and merged without conflict. */
  merged: string[];
  /** New in the template version. */
  added: string[];
  /** Removed by the template version (the service had not changed them). */
  removed: string[];
  /** Written with conflict markers, or kept as the service has them. */
  conflicts: Conflict[];
  /** Changed by the template but deleted by the service: not applied. */
  deletedByService: string[];
  /** Changed by the template, renamed by the service: applied there. */
  renamedByService: Array<{ from: string; to: string }>;
};

const same = (a?: FileState, b?: FileState) =>
  a === b || (!!a && !!b && a.content.equals(b.content));

const isBinary = (file: FileState) =>
  file.content.subarray(0, 8000).includes(0);

/**
 * Plans the three-way merge of a template upgrade over a whole repository:
 * `base` is the old version rendered with the service's answers, `theirs`
 * the new version rendered with the same answers, `ours` the service's
 * default branch. Only what the template changed between the two versions
 * reaches the service; where the service changed the same lines, the file
 * gets git's conflict markers. Files in `skip` are left alone.
 * @public
 */
export function planMerge(options: {
  base: Map<string, FileState>;
  theirs: Map<string, FileState>;
  ours: Map<string, FileState>;
  oursLabel: string;
  theirsLabel: string;
  skip?: Set<string>;
}): MergePlan {
  const { base, theirs, ours } = options;
  const plan: MergePlan = {
    changes: new Map(),
    updated: [],
    merged: [],
    added: [],
    removed: [],
    conflicts: [],
    deletedByService: [],
    renamedByService: [],
  };
  const merge = (
    target: string,
    o: FileState,
    b: FileState | undefined,
    t: FileState,
  ): 'clean' | 'conflict' => {
    if (isBinary(o) || isBinary(t) || (b && isBinary(b))) {
      plan.conflicts.push({
        path: target,
        reason:
          "a binary file changed by both the service and the template; the service's copy is kept",
      });
      return 'conflict';
    }
    const result = mergeText({
      base: b ? b.content.toString('utf8') : '',
      ours: o.content.toString('utf8'),
      theirs: t.content.toString('utf8'),
      oursLabel: options.oursLabel,
      theirsLabel: options.theirsLabel,
    });
    plan.changes.set(target, {
      content: Buffer.from(result.text, 'utf8'),
      executable: o.executable,
    });
    if (result.conflicts > 0) {
      plan.conflicts.push({
        path: target,
        reason: `${result.conflicts} conflict${
          result.conflicts === 1 ? '' : 's'
        }: the service and the template changed the same lines (marked in the file)`,
      });
      return 'conflict';
    }
    return 'clean';
  };

  // Files the service has that neither rendering has: candidates for renames.
  const ownFiles = [...ours.keys()].filter(p => !base.has(p) && !theirs.has(p));
  const renameOf = (from: string, content: FileState) => {
    const exact = ownFiles.filter(p => same(ours.get(p), content));
    if (exact.length === 1) return exact[0];
    const byName = ownFiles.filter(
      p => path.posix.basename(p) === path.posix.basename(from),
    );
    return byName.length === 1 ? byName[0] : undefined;
  };

  const paths = [...new Set([...base.keys(), ...theirs.keys()])].sort();
  for (const p of paths) {
    if (options.skip?.has(p)) continue;
    const b = base.get(p);
    const t = theirs.get(p);
    const o = ours.get(p);
    if (same(b, t) && b?.executable === t?.executable) continue;
    if (!b && t) {
      if (!o) {
        plan.changes.set(p, t);
        plan.added.push(p);
      } else if (!same(o, t) && merge(p, o, undefined, t) === 'clean') {
        plan.merged.push(p);
      }
      continue;
    }
    if (b && !t) {
      if (!o) continue;
      if (same(o, b)) {
        plan.changes.set(p, null);
        plan.removed.push(p);
      } else {
        plan.conflicts.push({
          path: p,
          reason:
            'the template no longer has this file, but the service changed it; it is kept',
        });
      }
      continue;
    }
    // Changed by the template (content or mode).
    if (!o) {
      const to = renameOf(p, b!);
      if (to) {
        plan.renamedByService.push({ from: p, to });
        const renamed = ours.get(to)!;
        if (same(renamed, b!))
          plan.changes.set(to, { ...t!, executable: renamed.executable });
        else merge(to, renamed, b, t!);
      } else {
        plan.deletedByService.push(p);
      }
      continue;
    }
    if (same(o, b)) {
      plan.changes.set(p, {
        content: t!.content,
        executable:
          o.executable === b!.executable ? t!.executable : o.executable,
      });
      plan.updated.push(p);
    } else if (same(o, t)) {
      continue;
    } else if (merge(p, o, b, t!) === 'clean') {
      plan.merged.push(p);
    }
  }
  return plan;
}
