import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { TemplateFile } from '@golden-path/plugin-golden-path-node';
import { parse } from 'yaml';
import { RENDER_DATE_SECRET, RENDER_FOR_SECRET } from '../actions/preflight';
import { RENDER_TEMPLATE_SECRET } from '../actions/provenance';

/**
 * A rendered file, as a template writes it into the workspace.
 * @public
 */
export type RenderedFile = { content: Buffer; executable: boolean };

/**
 * A template step, as far as rendering needs it.
 * @public
 */
export type TemplateStep = { id?: string; action?: string };

/**
 * The steps that render the service: those before the first step that
 * publishes or registers it, without validation steps. A render must not
 * depend on the catalog's or the repository's current state.
 * @public
 */
export function renderingSteps<T extends TemplateStep>(steps: T[]): T[] {
  const end = steps.findIndex(
    step =>
      /^publish:/.test(step.action ?? '') ||
      /(^|:)publish(:|$)/.test(step.action ?? '') ||
      /register/.test(step.action ?? ''),
  );
  return (end === -1 ? steps : steps.slice(0, end)).filter(
    step => !/:validate$/.test(step.action ?? ''),
  );
}

function describeErrors(body: any): string | undefined {
  if (typeof body?.error?.message === 'string') return body.error.message;
  if (Array.isArray(body?.errors)) {
    return body.errors
      .slice(0, 5)
      .map(
        (e: { property?: string; message?: string; stack?: string }) =>
          e.stack ??
          `${(e.property ?? 'answers').replace(/^instance/, 'answers')} ${
            e.message
          }`,
      )
      .join('; ');
  }
  return undefined;
}

/**
 * Renders one version of a template with a service's recorded answers,
 * through the scaffolder's own dry run (the same engine, filters and
 * actions as a real run), with the portal's service credentials. Only the
 * rendering steps run; the dry run has no side effects.
 * @public
 */
export class TemplateRenderer {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      fetch?: typeof fetch;
    },
  ) {}

  async render(request: {
    /** The template folder at the version to render. */
    files: TemplateFile[];
    answers: Record<string, unknown>;
    /** The service rendered again (preflight skips its new-service checks). */
    entityRef: string;
    templateRef: string;
    /** The service's creation date (YYYY-MM-DD), for files dated then. */
    createdOn?: string;
    /** e.g. `template:default/node-service 1.0.0`, for messages. */
    label: string;
  }): Promise<Map<string, RenderedFile>> {
    const templateFile = request.files.find(f => f.path === 'template.yaml');
    if (!templateFile) {
      throw new InputError(`${request.label} has no template.yaml.`);
    }
    const template = parse(templateFile.content.toString('utf8'));
    const steps = renderingSteps<TemplateStep>(template?.spec?.steps ?? []);
    const body = {
      template: { ...template, spec: { ...template.spec, steps, output: {} } },
      values: request.answers,
      secrets: {
        [RENDER_FOR_SECRET]: request.entityRef,
        [RENDER_TEMPLATE_SECRET]: request.templateRef,
        ...(request.createdOn
          ? { [RENDER_DATE_SECRET]: request.createdOn }
          : {}),
      },
      directoryContents: request.files.map(f => ({
        path: f.path,
        base64Content: f.content.toString('base64'),
      })),
    };
    const { auth, discovery } = this.options;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const url = `${await discovery.getBaseUrl('scaffolder')}/v2/dry-run`;
    const response = await (this.options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(body),
    });
    const result = await response.json().catch(() => undefined);
    if (!response.ok) {
      throw new InputError(
        `Rendering ${request.label} with the recorded answers failed: ${
          describeErrors(result) ??
          `the scaffolder answered ${response.status} ${response.statusText}`
        }`,
      );
    }
    const rendered = new Map<string, RenderedFile>();
    for (const file of result?.directoryContents ?? []) {
      rendered.set(file.path, {
        content: Buffer.from(file.base64Content, 'base64'),
        executable: Boolean(file.executable),
      });
    }
    return rendered;
  }
}
