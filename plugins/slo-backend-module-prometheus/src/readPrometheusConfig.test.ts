import { ConfigReader, JsonObject } from '@backstage/config';
import {
  readPrometheusConfig,
  refusedHostReason,
} from './readPrometheusConfig';

const read = (sources: JsonObject) =>
  readPrometheusConfig(
    new ConfigReader({ goldenPath: { slo: { prometheus: sources } } }),
  );

describe('readPrometheusConfig', () => {
  it('is empty without the key', () => {
    expect(readPrometheusConfig(new ConfigReader({}))).toEqual([]);
  });

  it('reads data sources with defaults and strips trailing slashes', () => {
    expect(
      read({
        main: { url: 'http://127.0.0.1:9090/' },
        tenant: {
          url: 'https://mimir.example.com/prometheus/',
          headers: { Authorization: 'Bearer s3cret', 'X-Scope-OrgID': 'shop' },
          timeout: 2500,
        },
      }),
    ).toEqual([
      {
        name: 'main',
        baseUrl: 'http://127.0.0.1:9090',
        headers: {},
        timeoutMs: 10000,
      },
      {
        name: 'tenant',
        baseUrl: 'https://mimir.example.com/prometheus',
        headers: { Authorization: 'Bearer s3cret', 'X-Scope-OrgID': 'shop' },
        timeoutMs: 2500,
      },
    ]);
  });

  it.each([
    [
      { url: 'ftp://prom:21' },
      'goldenPath.slo.prometheus.main.url must be an http(s) URL, not ftp',
    ],
    [
      { url: 'prometheus:9090/x' },
      'goldenPath.slo.prometheus.main.url must be an http(s) URL',
    ],
    [
      { url: 'not a url' },
      'goldenPath.slo.prometheus.main.url must be an absolute http(s) URL',
    ],
    [
      { url: 'http://prom:9090/?x=1' },
      'goldenPath.slo.prometheus.main.url must not have a query string',
    ],
    [
      { url: 'http://169.254.169.254/' },
      'goldenPath.slo.prometheus.main.url points to 169.254.169.254, which is link-local',
    ],
    [
      { url: 'http://metadata.google.internal/' },
      'which is a cloud metadata service',
    ],
    [{ url: 'http://[fe80::1]:9090/' }, 'which is link-local (fe80::/10)'],
    [{ url: 'http://[::ffff:169.254.169.254]/' }, 'which is link-local'],
    [{ url: 'http://0xa9fea9fe/' }, 'points to 169.254.169.254'],
    [
      { url: 'http://p:9090', timeout: 0 },
      'goldenPath.slo.prometheus.main.timeout must be a whole number of milliseconds',
    ],
    [
      { url: 'http://p:9090', timeout: 1.5 },
      'goldenPath.slo.prometheus.main.timeout must be',
    ],
    [
      { url: 'http://p:9090', headers: { Host: 'x' } },
      'goldenPath.slo.prometheus.main.headers.Host: the Host header is set by the client',
    ],
    [
      { url: 'http://p:9090', headers: { Authorization: 'a\r\nX-Evil: 1' } },
      'goldenPath.slo.prometheus.main.headers.Authorization must not contain line breaks',
    ],
    [
      {},
      "Missing required config value at 'goldenPath.slo.prometheus.main.url'",
    ],
  ])('refuses %j naming the key', (source, message) => {
    expect(() => read({ main: source })).toThrow(message);
  });

  it('refuses credentials in the URL without echoing them', () => {
    let message = '';
    try {
      read({ main: { url: 'https://admin:hunter2@prom.example.com' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      'goldenPath.slo.prometheus.main.url must not contain credentials',
    );
    expect(message).not.toContain('hunter2');
  });

  it('does not echo a header value it refuses', () => {
    expect(() =>
      read({
        main: { url: 'http://p', headers: { Authorization: 'tok\nen' } },
      }),
    ).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('tok') }),
    );
  });

  it('allows a link-local host only when told to', () => {
    expect(
      read({
        main: { url: 'http://169.254.10.10:9090', allowLinkLocal: true },
      })[0].baseUrl,
    ).toBe('http://169.254.10.10:9090');
  });

  it('refuses names that are not DNS labels', () => {
    expect(() => read({ Main_Prom: { url: 'http://p' } })).toThrow(
      'goldenPath.slo.prometheus.Main_Prom: data source names must be lower-case DNS labels',
    );
  });

  it('accepts loopback and private networks, where Prometheus usually lives', () => {
    for (const url of [
      'http://127.0.0.1:9090',
      'http://[::1]:9090',
      'http://10.0.0.5:9090',
      'http://prometheus.monitoring.svc:9090',
    ]) {
      expect(refusedHostReason(new URL(url).hostname)).toBeUndefined();
    }
  });
});
