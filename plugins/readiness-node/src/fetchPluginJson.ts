import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { z } from 'zod';

const TIMEOUT_MS = 30_000;

/**
 * Another plugin could not be asked; the message names the plugin and the call.
 * @public
 */
export class PluginRequestError extends Error {
  name = 'PluginRequestError';

  /** The HTTP status, when the plugin answered. */
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/**
 * GETs JSON from another backend plugin with this plugin's service token
 * (found through discovery), with a timeout and without following
 * redirects, and checks its shape.
 * @throws PluginRequestError naming the plugin, the path and what went wrong
 * @public
 */
export async function fetchPluginJson<T extends z.ZodTypeAny>(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  pluginId: string;
  /** Below the plugin's base URL, e.g. `/v1/overview`. */
  path: string;
  /** For messages, e.g. `the SLO backend`. */
  what: string;
  /** The parts of the answer the caller reads. */
  schema: T;
  signal?: AbortSignal;
  timeoutMs?: number;
}): Promise<z.output<T>> {
  const { discovery, auth, pluginId, path, what } = options;
  const call = `GET /api/${pluginId}${path}`;
  const baseUrl = await discovery.getBaseUrl(pluginId);
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: await auth.getOwnServiceCredentials(),
    targetPluginId: pluginId,
  });
  const timeout = AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS);
  const signal = options.signal
    ? AbortSignal.any([options.signal, timeout])
    : timeout;
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      redirect: 'error',
      signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const cause = (error as Error & { cause?: Error }).cause?.message;
    const reason = timeout.aborted
      ? `no answer within ${Math.round(
          (options.timeoutMs ?? TIMEOUT_MS) / 1000,
        )} s`
      : `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
    throw new PluginRequestError(
      `${what} could not be reached (${call}): ${reason}`,
    );
  }
  if (!response.ok) {
    // The body may say why (Backstage error JSON), but never echo much of it.
    let detail = '';
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      if (typeof body?.error?.message === 'string') {
        detail = `: ${body.error.message.slice(0, 300)}`;
      }
    } catch {
      // Not JSON: the status says enough.
    }
    throw new PluginRequestError(
      `${what} answered ${response.status} ${response.statusText} to ${call}${detail}`,
      response.status,
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new PluginRequestError(`${what} answered ${call} with invalid JSON`);
  }
  const parsed = options.schema.safeParse(body);
  if (!parsed.success) {
    throw new PluginRequestError(
      `${what} answered ${call} with an unexpected shape: ${parsed.error.issues
        .slice(0, 3)
        .map(issue => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
