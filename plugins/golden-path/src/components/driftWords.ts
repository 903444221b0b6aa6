import type { DriftStatus } from '../api/types';

/** How each status reads: short in a table cell, long on the card. */
export const DRIFT_STATUS_TEXT: Record<
  DriftStatus,
  {
    short: string;
    long: string;
    color: 'success.main' | 'warning.main' | 'error.main' | 'text.secondary';
  }
> = {
  current: {
    short: 'Current',
    long: 'On the current version',
    color: 'success.main',
  },
  behind: {
    short: 'Behind',
    long: 'Behind, on a version still supported',
    color: 'warning.main',
  },
  unsupported: {
    short: 'Unsupported version',
    long: 'On a version no longer supported',
    color: 'error.main',
  },
  'unknown-version': {
    short: 'Unknown version',
    long: 'On a version its template does not list',
    color: 'text.secondary',
  },
  'not-from-template': {
    short: 'Not from a template',
    long: 'Not created from a golden-path template',
    color: 'text.secondary',
  },
};

/** "1 service", "3 services". */
export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

/** "v2.1.0" for a version, "—" without one. */
export const versionWords = (version: string | undefined) =>
  version ? `v${version}` : '—';

/** "Up to date", "1 version", "3 versions"; "—" when not known. */
export function behindWords(behind: number | undefined): string {
  if (behind === undefined) return '—';
  return behind === 0 ? 'Up to date' : plural(behind, 'version');
}

/**
 * The service chassis version from the service's lockfile: "1.4.0", "No
 * chassis" (no dependency on it), "—" (not read).
 */
export function chassisWords(chassisVersion: string | undefined): string {
  if (!chassisVersion) return '—';
  return chassisVersion === 'none' ? 'No chassis' : chassisVersion;
}
