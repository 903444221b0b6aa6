import fs from 'node:fs/promises';

export {
  DEFAULT_LOCAL_PUBLISH_ROOT,
  LOCAL_PUBLISH_ROOT_KEY,
  LocalPublishRoot,
} from '@golden-path/plugin-golden-path-node';

/** Whether `err` is a Node.js system error with the given code. */
export function hasErrorCode(err: unknown, code: string) {
  return (err as NodeJS.ErrnoException | undefined)?.code === code;
}

/** lstat that answers undefined for a path that does not exist. */
export async function lstatOrUndefined(p: string) {
  try {
    return await fs.lstat(p);
  } catch (err) {
    if (hasErrorCode(err, 'ENOENT') || hasErrorCode(err, 'ENOTDIR')) {
      return undefined;
    }
    throw err;
  }
}
