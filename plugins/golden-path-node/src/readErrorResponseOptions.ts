import { Config } from '@backstage/config';
import { configError } from './readConfigValues';

/**
 * The config key that decides whether error responses carry stack traces.
 * @public
 */
export const SHOW_STACK_TRACES_KEY = 'goldenPath.errors.showStackTraces';

/**
 * How the backend's error responses are built.
 * @public
 */
export type ErrorResponseOptions = {
  /** Whether error bodies carry `error.stack` (absolute source paths). */
  showStackTraces: boolean;
};

/**
 * The error response options from `goldenPath.errors.showStackTraces`;
 * unset, stack traces show only when NODE_ENV is `development` (what
 * `backstage-cli package start` sets), as in Backstage's own default.
 * @public
 */
export function readErrorResponseOptions(
  config: Config,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): ErrorResponseOptions {
  let configured: boolean | undefined;
  try {
    configured = config.getOptionalBoolean(SHOW_STACK_TRACES_KEY);
  } catch {
    configError(SHOW_STACK_TRACES_KEY, 'must be true or false');
  }
  return { showStackTraces: configured ?? nodeEnv === 'development' };
}
