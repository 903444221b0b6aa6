import type { LoggerService } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';
import { mergePolicies, parsePolicy, Policy } from './parsePolicy';

/** Edits within this many milliseconds are read as one. */
const RELOAD_DEBOUNCE_MS = 200;

function readAll(files: string[]): Policy {
  return mergePolicies(
    files.map(file => {
      const source = path.basename(file);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new Error(
          `The permission policy ${source} cannot be read (${
            code === 'ENOENT' ? 'no such file' : code ?? 'unreadable'
          }); goldenPath.permissions.policyFiles names ${file}`,
        );
      }
      return { source, policy: parsePolicy(text, source) };
    }),
  );
}

/**
 * The policy files named in config, read at start-up (a bad file stops the
 * backend with the problems in it) and read again when one changes. A bad
 * edit is logged with its problems and the policy in force stays as it was:
 * a typo never opens or closes the portal.
 */
export class PolicyFiles {
  #policy: Policy;
  #watchers: fs.FSWatcher[] = [];
  #timer?: NodeJS.Timeout;

  private constructor(
    private readonly files: string[],
    private readonly logger: LoggerService,
  ) {
    this.#policy = readAll(files);
  }

  static load(files: string[], logger: LoggerService): PolicyFiles {
    return new PolicyFiles(
      files.map(file => path.resolve(file)),
      logger,
    );
  }

  get policy(): Policy {
    return this.#policy;
  }

  /** Reads the files again now; false (and a logged error) when they are bad. */
  reload(): boolean {
    try {
      this.#policy = readAll(this.files);
      this.logger.info(
        `Permission policy reloaded: ${this.#policy.roles
          .map(role => role.name)
          .join(', ')}`,
      );
      return true;
    } catch (error) {
      this.logger.error(
        `${(error as Error).message}. The previous policy stays in force.`,
      );
      return false;
    }
  }

  /** Watches the files' folders (editors replace files) and reloads on change. */
  watch(): void {
    const folders = new Set(this.files.map(file => path.dirname(file)));
    const names = new Set(this.files.map(file => path.basename(file)));
    for (const folder of folders) {
      const watcher = fs.watch(folder, (_event, name) => {
        if (name && !names.has(name.toString())) return;
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => this.reload(), RELOAD_DEBOUNCE_MS);
      });
      watcher.on('error', error =>
        this.logger.warn(`Stopped watching ${folder}: ${error}`),
      );
      this.#watchers.push(watcher);
    }
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#watchers.forEach(watcher => watcher.close());
    this.#watchers = [];
  }
}
