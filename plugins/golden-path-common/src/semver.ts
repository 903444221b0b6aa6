// semver 2.0.0 without build metadata: MAJOR.MINOR.PATCH[-PRERELEASE].
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * Whether `value` is a template version: a semver like `2.1.0` (no `v`).
 * @public
 */
export function isSemver(value: unknown): value is string {
  return typeof value === 'string' && SEMVER.test(value);
}
