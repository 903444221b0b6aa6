import { ConfigReader } from '@backstage/config';
import { readErrorResponseOptions } from './readErrorResponseOptions';

const config = (showStackTraces?: unknown) =>
  new ConfigReader(
    showStackTraces === undefined
      ? {}
      : { goldenPath: { errors: { showStackTraces } } },
  );

describe('readErrorResponseOptions', () => {
  it.each([
    ['development', true],
    ['production', false],
    ['test', false],
    [undefined, false],
  ])('unset, NODE_ENV=%s shows stack traces: %s', (nodeEnv, expected) => {
    expect(readErrorResponseOptions(config(), nodeEnv)).toEqual({
      showStackTraces: expected,
    });
  });

  it('the config key decides over NODE_ENV', () => {
    expect(readErrorResponseOptions(config(false), 'development')).toEqual({
      showStackTraces: false,
    });
    expect(readErrorResponseOptions(config(true), 'production')).toEqual({
      showStackTraces: true,
    });
  });

  it('refuses a value that is not a boolean, naming the key', () => {
    expect(() => readErrorResponseOptions(config('sometimes'))).toThrow(
      'Invalid config goldenPath.errors.showStackTraces: must be true or false',
    );
  });
});
