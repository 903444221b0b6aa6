import { describe, expect, it } from 'vitest';
import { ConfigError, loadChassisConfig } from '../src/config';

const loadConfig = (env: NodeJS.ProcessEnv) =>
  loadChassisConfig(env, { serviceName: 'svc', tier: 'standard' });

describe('loadChassisConfig', () => {
  it('defaults to SQLite and the in-process broker', () => {
    const config = loadConfig({
      SERVICE_NAME: 'orders',
      SERVICE_TIER: 'standard',
    });
    expect(config.database).toEqual({
      client: 'sqlite',
      filename: './data/orders.sqlite',
    });
    expect(config.broker).toEqual({ kind: 'in-process' });
  });

  it("takes the service's name and tier when the environment has none", () => {
    const config = loadConfig({});
    expect(config.serviceName).toBe('svc');
    expect(config.tier).toBe('standard');
    expect(config.eventPrefix).toBe('svc');
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({
        SERVICE_NAME: 'orders',
        SERVICE_TIER: 'gold',
        PORT: 'eighty',
        DATABASE_CLIENT: 'pg',
        DATABASE_URL: 'not a url',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^SERVICE_TIER: /m);
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^DATABASE_URL: /m);
  });
});
