import { Config } from '@backstage/config';

/** The app-config key under which Prometheus data sources are declared. */
export const PROMETHEUS_CONFIG_KEY = 'goldenPath.slo.prometheus';

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_TIMEOUT_MS = 300_000;

/**
 * One Prometheus data source, read and checked from app-config.
 * @public
 */
export type PrometheusDataSourceConfig = {
  /** The key under goldenPath.slo.prometheus; OpenSLO DataSources refer to it. */
  name: string;
  /** The base URL without a trailing slash, e.g. http://prometheus:9090. */
  baseUrl: string;
  /** Sent with every request (e.g. Authorization); never logged. */
  headers: Record<string, string>;
  /** Per request, connection to last byte; also sent as Prometheus's query timeout. */
  timeoutMs: number;
};

// A DNS label, which is also what OpenSLO uses for DataSource names, and
// starting with a letter as Backstage config keys must.
const NAME_PATTERN = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

// RFC 9110 token characters.
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

// Headers the client sets itself or that would change the framing of the
// request; letting config override them only invites confusing failures.
const RESERVED_HEADERS = new Set([
  'host',
  'content-type',
  'content-length',
  'connection',
  'transfer-encoding',
  'accept',
]);

// Cloud metadata services: reachable from most hosts and full of credentials,
// so a data source pointing there is refused unless explicitly allowed.
const METADATA_HOSTNAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.azure.com',
  'instance-data',
  'instance-data.ec2.internal',
]);

function ipv4Octets(host: string): number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return undefined;
  const octets = match.slice(1).map(Number);
  return octets.every(o => o <= 255) ? octets : undefined;
}

/**
 * Why a host is refused as a data source (link-local, unspecified or a cloud
 * metadata service), or undefined when it is fine. Only literal addresses and
 * well-known names are recognised: names are not resolved here, because
 * app-config is written by the portal's operators, not by its users.
 */
export function refusedHostReason(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (METADATA_HOSTNAMES.has(host.replace(/\.$/, ''))) {
    return 'is a cloud metadata service';
  }
  // WHATWG URL parsing has already normalised IPv4 forms like 0xa9fea9fe.
  let octets = ipv4Octets(host);
  // IPv4-mapped IPv6, e.g. ::ffff:a9fe:a9fe (how URL serialises ::ffff:169.254.169.254).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) {
    const high = parseInt(mapped[1], 16);
    const low = parseInt(mapped[2], 16);
    octets = [high >> 8, high & 255, low >> 8, low & 255];
  }
  if (octets) {
    if (octets[0] === 169 && octets[1] === 254) {
      return 'is link-local (169.254.0.0/16, where cloud metadata services live)';
    }
    if (octets[0] === 0) return 'is an unspecified address (0.0.0.0/8)';
    if (octets.join('.') === '100.100.100.200') {
      return 'is a cloud metadata service';
    }
    return undefined;
  }
  if (host === '::') return 'is an unspecified address (::)';
  if (/^fe[89ab][0-9a-f]:/.test(host)) return 'is link-local (fe80::/10)';
  if (host === 'fd00:ec2::254') return 'is a cloud metadata service';
  return undefined;
}

function readUrl(key: string, raw: string, allowLinkLocal: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${key} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `${key} must be an http(s) URL, not ${url.protocol.replace(':', '')}`,
    );
  }
  if (url.username || url.password) {
    // The URL itself is not echoed: it holds the credentials.
    throw new Error(
      `${key} must not contain credentials (user:password@host); put them in the headers of the data source (e.g. Authorization), which are kept secret`,
    );
  }
  if (url.search || url.hash) {
    throw new Error(
      `${key} must not have a query string or fragment; the API paths are appended to it`,
    );
  }
  const refused = refusedHostReason(url.hostname);
  if (refused && !allowLinkLocal) {
    throw new Error(
      `${key} points to ${url.hostname}, which ${refused}; set allowLinkLocal: true on the data source if this is really a Prometheus`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function readHeaders(key: string, config: Config | undefined) {
  const headers: Record<string, string> = {};
  if (!config) return headers;
  for (const name of config.keys()) {
    const headerKey = `${key}.${name}`;
    if (!HEADER_NAME_PATTERN.test(name)) {
      throw new Error(`${headerKey}: ${name} is not a valid header name`);
    }
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new Error(
        `${headerKey}: the ${name} header is set by the client and cannot be configured`,
      );
    }
    const value = config.getString(name);
    // The value is secret: the message says what is wrong, never what it is.
    if (/[\r\n\0]/.test(value)) {
      throw new Error(`${headerKey} must not contain line breaks or NUL`);
    }
    headers[name] = value;
  }
  return headers;
}

function readTimeout(key: string, value: number | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(value) || value < 1 || value > MAX_TIMEOUT_MS) {
    throw new Error(
      `${key} must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, got ${value}`,
    );
  }
  return value;
}

/**
 * Reads and checks every `goldenPath.slo.prometheus.<name>` data source.
 * Throws at start-up with a message naming the offending key: a non-http(s)
 * URL, credentials in the URL, a link-local or metadata host (unless
 * `allowLinkLocal: true`), a bad header or timeout, or a bad name.
 * Data source URLs come only from here, never from OpenSLO files.
 * @public
 */
export function readPrometheusConfig(
  config: Config,
): PrometheusDataSourceConfig[] {
  const root = config.getOptionalConfig(PROMETHEUS_CONFIG_KEY);
  if (!root) return [];
  return root.keys().map(name => {
    const key = `${PROMETHEUS_CONFIG_KEY}.${name}`;
    if (!NAME_PATTERN.test(name)) {
      throw new Error(
        `${key}: data source names must be lower-case DNS labels (a-z, 0-9 and -, starting with a letter, at most 63 characters)`,
      );
    }
    const source = root.getConfig(name);
    const allowLinkLocal = source.getOptionalBoolean('allowLinkLocal') ?? false;
    return {
      name,
      baseUrl: readUrl(`${key}.url`, source.getString('url'), allowLinkLocal),
      headers: readHeaders(
        `${key}.headers`,
        source.getOptionalConfig('headers'),
      ),
      timeoutMs: readTimeout(
        `${key}.timeout`,
        source.getOptionalNumber('timeout'),
      ),
    };
  });
}
