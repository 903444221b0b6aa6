import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_TEMPLATE_VERSION,
  isSemver,
} from '@golden-path/plugin-golden-path-common';
import git from 'isomorphic-git';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { z as zod } from 'zod/v3';
import { parseActionInput } from './parseActionInput';
import { resolveWorkspacePath } from './resolveWorkspacePath';

/** The text of a provenance record file (.golden-path/answers.yaml). */
export function provenanceFileText(record: object): string {
  return `# Where this service came from, written when it was created from a\n# Golden Path template. Upgrades render the template again from it: keep it.\n${stringify(
    record,
  )}`;
}

/** The dry-run secret naming the template a golden-path upgrade renders. */
export const RENDER_TEMPLATE_SECRET = 'goldenPathRenderTemplate';

/**
 * Where a created service keeps its provenance.
 * @public
 */
export const PROVENANCE_FILE = '.golden-path/answers.yaml';

/** Answer names that may hold a secret: never written to the repository. */
const SECRET_NAME =
  /(password|passwd|secret|token|api[-_]?key|credential|private[-_]?key)/i;

const inputSchema = (z: typeof zod) =>
  z.object({
    answers: z
      .record(z.unknown())
      .describe(
        "The form's answers (`${{ parameters }}`); secrets are never among them, and answers named like a secret are left out",
      ),
    path: z
      .string()
      .max(200)
      .default(PROVENANCE_FILE)
      .describe(
        `Where to write the record in the workspace (default ${PROVENANCE_FILE})`,
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    templateRef: z.string().describe('The template the service came from'),
    version: z.string().describe("The template's version (semver)"),
    commit: z
      .string()
      .optional()
      .describe("The last commit of the template's folder, when it is in git"),
  });

/** The last commit that touched the template's folder, if it is in git. */
async function folderCommit(folder: string): Promise<string | undefined> {
  let root: string;
  try {
    root = await git.findRoot({ fs: fsSync, filepath: folder });
  } catch {
    return undefined;
  }
  const filepath = path.relative(root, folder).split(path.sep).join('/');
  try {
    const [last] = await git.log({
      fs: fsSync,
      dir: root,
      depth: 1,
      ...(filepath ? { filepath } : {}),
    });
    return last?.oid;
  } catch {
    return undefined;
  }
}

/**
 * `golden-path:provenance:record`: writes where the service came from into
 * the workspace (`.golden-path/answers.yaml`): the template, its version
 * (the `golden-path.io/template-version` annotation of template.yaml), the
 * last commit of the template's folder, and the answers given in the form.
 * Upgrades render the template again from this record.
 * @public
 */
export function createProvenanceAction() {
  return createTemplateAction({
    id: 'golden-path:provenance:record',
    description:
      "Records the template, its version (golden-path.io/template-version), the template folder's commit and the form's answers in .golden-path/answers.yaml, so the service can be upgraded later; outputs templateRef and version for catalog-info.yaml.",
    supportsDryRun: true,
    examples: [
      {
        description: 'Record the provenance before rendering the skeleton',
        example: [
          'steps:',
          '  - id: provenance',
          '    action: golden-path:provenance:record',
          '    input:',
          '      answers: ${{ parameters }}',
        ].join('\n'),
      },
    ],
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const input = parseActionInput(inputSchema, ctx.input);
      const template = ctx.templateInfo;
      // A golden-path upgrade renders a version in a dry run, which names
      // every template template:default/dry-run; it says which one it is.
      const renderedRef =
        ctx.isDryRun === true
          ? ctx.secrets?.[RENDER_TEMPLATE_SECRET]
          : undefined;
      if (!template?.entityRef) {
        throw new InputError(
          'golden-path:provenance:record runs only from a template registered in the catalog; this task has no template.',
        );
      }
      const version =
        template.entity?.metadata?.annotations?.[ANNOTATION_TEMPLATE_VERSION];
      if (!version || !isSemver(version)) {
        throw new InputError(
          `The template ${template.entityRef} has ${
            version
              ? `version '${version}', which is not a semver`
              : 'no version'
          }: set metadata.annotations.${ANNOTATION_TEMPLATE_VERSION} in its template.yaml to a version like 1.2.0.`,
        );
      }
      let commit: string | undefined;
      if (template.baseUrl?.startsWith('file:')) {
        commit = await folderCommit(
          path.dirname(fileURLToPath(template.baseUrl)),
        );
      }
      const answers: Record<string, unknown> = {};
      const left: string[] = [];
      for (const [key, value] of Object.entries(input.answers).sort(
        ([a], [b]) => a.localeCompare(b),
      )) {
        if (SECRET_NAME.test(key)) left.push(key);
        else if (value !== undefined) answers[key] = value;
      }
      if (left.length) {
        ctx.logger.warn(
          `Answers left out of ${
            input.path
          } because their names look like secrets: ${left.join(', ')}`,
        );
      }
      const target = resolveWorkspacePath(
        ctx.workspacePath,
        input.path,
        'path',
      );
      const templateRef = renderedRef ?? template.entityRef;
      const record = {
        apiVersion: 'golden-path.io/v1',
        kind: 'TemplateProvenance',
        template: templateRef,
        version,
        ...(commit ? { commit } : {}),
        createdAt: new Date().toISOString(),
        answers,
      };
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, provenanceFileText(record));
      ctx.output('templateRef', templateRef);
      ctx.output('version', version);
      if (commit) ctx.output('commit', commit);
    },
  });
}
