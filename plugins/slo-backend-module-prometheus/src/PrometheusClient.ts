import { SliSourceError } from '@golden-path/plugin-slo-node';
import { PrometheusDataSourceConfig } from './readPrometheusConfig';

/** A body larger than this is not a counter sum: refuse rather than buffer it. */
const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/** One sample of an instant-vector result. */
export type PrometheusSample = {
  metric: Record<string, string>;
  value: number;
};

/** One series of a range-query (matrix) result, times in epoch ms. */
export type PrometheusSeries = {
  metric: Record<string, string>;
  values: Array<{ time: number; value: number }>;
};

type ApiResponse = {
  status?: unknown;
  data?: { resultType?: unknown; result?: unknown };
  errorType?: unknown;
  error?: unknown;
};

/** Seconds with millisecond precision, as Prometheus's API takes times. */
export function toPrometheusTime(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  // fetch wraps the socket error: TypeError('fetch failed', { cause }).
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The message of the innermost cause ("bad port" under "fetch failed"). */
function rootMessage(error: unknown): string | undefined {
  let message: string | undefined;
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const text = (current as { message?: unknown }).message;
    if (typeof text === 'string' && text !== '') message = text;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}

function parseValue(raw: unknown, what: string): number {
  const value = typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isFinite(value)) {
    throw new SliSourceError(
      `${what} is not a number (${String(
        raw,
      )}); counters give finite increases, so the query probably does not select counters`,
    );
  }
  return value;
}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new SliSourceError(
        `the answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB`,
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A minimal client of Prometheus's HTTP query API for one configured data
 * source. Every failure becomes a {@link SliSourceError} with a sentence a
 * team can act on; the configured headers are sent but never appear in
 * messages. Redirects are not followed (SECURITY.md rule 5): a redirect is
 * reported as an error naming the host it pointed to.
 */
export class PrometheusClient {
  constructor(private readonly source: PrometheusDataSourceConfig) {}

  /** The data source's name, for messages. */
  get name(): string {
    return this.source.name;
  }

  /** Evaluates `query` at `timeMs` (`/api/v1/query`). */
  async instantQuery(
    query: string,
    timeMs: number,
  ): Promise<PrometheusSample[]> {
    const data = await this.post('query', {
      query,
      time: toPrometheusTime(timeMs),
    });
    if (data.resultType !== 'vector' || !Array.isArray(data.result)) {
      throw new SliSourceError(
        `expected a vector result, got ${String(data.resultType)}`,
      );
    }
    return data.result.map((item: { metric?: unknown; value?: unknown }) => ({
      metric: (item.metric ?? {}) as Record<string, string>,
      value: parseValue(
        Array.isArray(item.value) ? item.value[1] : undefined,
        'the result',
      ),
    }));
  }

  /**
   * Evaluates `query` at `startMs`, `startMs + stepMs`, ... up to `endMs`
   * (`/api/v1/query_range`).
   */
  async rangeQuery(
    query: string,
    startMs: number,
    endMs: number,
    stepMs: number,
  ): Promise<PrometheusSeries[]> {
    const data = await this.post('query_range', {
      query,
      start: toPrometheusTime(startMs),
      end: toPrometheusTime(endMs),
      step: toPrometheusTime(stepMs),
    });
    if (data.resultType !== 'matrix' || !Array.isArray(data.result)) {
      throw new SliSourceError(
        `expected a matrix result, got ${String(data.resultType)}`,
      );
    }
    return data.result.map((item: { metric?: unknown; values?: unknown }) => ({
      metric: (item.metric ?? {}) as Record<string, string>,
      values: (Array.isArray(item.values) ? item.values : []).map(
        (pair: unknown) => {
          const [time, value] = Array.isArray(pair) ? pair : [];
          return {
            time: Math.round(Number(time) * 1000),
            value: parseValue(value, `the result at ${String(time)}`),
          };
        },
      ),
    }));
  }

  private async post(
    endpoint: 'query' | 'query_range',
    params: Record<string, string>,
  ): Promise<{ resultType?: unknown; result?: any }> {
    const { baseUrl, headers, timeoutMs } = this.source;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      let response: Response;
      try {
        // POST keeps long selectors out of URL length limits and access logs.
        response = await fetch(`${baseUrl}/api/v1/${endpoint}`, {
          method: 'POST',
          headers: {
            ...headers,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: new URLSearchParams({
            ...params,
            // Prometheus gives up on its side too instead of working on.
            timeout: `${Math.max(1, Math.floor(timeoutMs / 1000))}s`,
          }).toString(),
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (error) {
        throw this.connectionError(error, controller.signal.aborted);
      }

      if (response.status >= 300 && response.status < 400) {
        throw new SliSourceError(
          `answered with a redirect (HTTP ${
            response.status
          }${this.redirectTarget(
            response,
          )}); redirects are not followed, so configure the URL Prometheus is really served at`,
        );
      }

      let text: string;
      try {
        text = await readCapped(response);
      } catch (error) {
        if (error instanceof SliSourceError) throw error;
        throw this.connectionError(error, controller.signal.aborted);
      }

      let body: ApiResponse | undefined;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (!response.ok) {
        throw new SliSourceError(this.httpErrorMessage(response, body, text));
      }
      if (!body || typeof body !== 'object') {
        throw new SliSourceError(
          `answered HTTP ${response.status} with something that is not JSON (${
            response.headers.get('content-type') ?? 'no content type'
          }); is the URL a Prometheus API and not a login page or proxy?`,
        );
      }
      if (body.status !== 'success' || !body.data) {
        throw new SliSourceError(this.httpErrorMessage(response, body, text));
      }
      return body.data;
    } finally {
      clearTimeout(timer);
    }
  }

  private redirectTarget(response: Response): string {
    const location = response.headers.get('location');
    if (!location) return '';
    try {
      // Only the host: the rest of a redirect URL may carry tokens.
      return ` to ${new URL(location, this.source.baseUrl).host}`;
    } catch {
      return '';
    }
  }

  private connectionError(error: unknown, aborted: boolean): SliSourceError {
    if (aborted) {
      return new SliSourceError(
        `did not answer within ${this.source.timeoutMs} ms (the data source's timeout)`,
      );
    }
    const code = errorCode(error);
    switch (code) {
      case 'ECONNREFUSED':
        return new SliSourceError(
          'refused the connection (ECONNREFUSED): is Prometheus running at the configured URL?',
        );
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return new SliSourceError(
          `is unreachable: its host name does not resolve (${code})`,
        );
      default:
        return new SliSourceError(
          `is unreachable (${code ?? rootMessage(error) ?? 'unknown error'})`,
        );
    }
  }

  private httpErrorMessage(
    response: Response,
    body: ApiResponse | undefined,
    text: string,
  ): string {
    if (body && typeof body.error === 'string') {
      const type =
        typeof body.errorType === 'string' ? body.errorType : 'error';
      const what =
        response.status === 400 || type === 'bad_data'
          ? 'rejected the query'
          : 'failed';
      return `${what} (HTTP ${response.status}, ${type}): ${body.error}`;
    }
    const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
    return `answered HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`;
  }
}
