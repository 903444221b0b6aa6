import { ConfigError } from '@golden-path/service-chassis';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';

describe('loadConfig', () => {
  it("adds the service's own settings to the chassis'", () => {
    const config = loadConfig({
      SERVICE_NAME: 'orders',
      DEPENDENCIES_BASE_URL: 'http://payments.internal:8080',
    });
    expect(config.serviceName).toBe('orders');
    expect(config.dependenciesBaseUrl).toBe('http://payments.internal:8080');
    expect(config.broker).toEqual({ kind: 'in-process' });
  });

  it('names every bad variable, the chassis ones and its own', () => {
    let error: unknown;
    try {
      loadConfig({
        SERVICE_TIER: 'gold',
        PORT: 'eighty',
        DEPENDENCIES_BASE_URL: 'not a url',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^SERVICE_TIER: /m);
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^DEPENDENCIES_BASE_URL: /m);
  });
});
