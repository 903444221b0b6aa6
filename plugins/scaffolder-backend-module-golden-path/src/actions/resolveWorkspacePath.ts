import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import path from 'node:path';

/**
 * Resolves a path given relative to `base` (usually the task workspace),
 * refusing absolute paths and anything that leads outside `base`, symlinks
 * included (resolveSafeChildPath follows existing links, chains and dangling
 * ones). `field` names the input in the error.
 */
export function resolveWorkspacePath(
  base: string,
  value: string,
  field: string,
  where = 'the workspace',
): string {
  // eslint-disable-next-line no-control-regex
  if (value.trim() === '' || /[\u0000-\u001f]/.test(value)) {
    throw new InputError(`${field} '${value}' is not a usable path.`);
  }
  if (path.isAbsolute(value) || path.win32.isAbsolute(value)) {
    throw new InputError(
      `${field} '${value}' is absolute; give a path relative to ${where}.`,
    );
  }
  try {
    return resolveSafeChildPath(base, value);
  } catch {
    throw new InputError(
      `${field} '${value}' leads outside ${where} (through '..' or a symlink); give a path inside it.`,
    );
  }
}
