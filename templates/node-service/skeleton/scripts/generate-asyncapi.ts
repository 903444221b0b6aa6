/**
 * Writes asyncapi.yaml from the event catalogue (src/events/catalog.ts).
 *   npm run asyncapi            regenerate
 *   npm run asyncapi -- --check exit 1 when the checked-in file is stale
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import {
  type AsyncApiOptions,
  asyncApiYaml,
} from '@golden-path/service-chassis';
import { events } from '../src/events/catalog';

export const ROOT = path.resolve(__dirname, '..');
export const ASYNCAPI_PATH = path.join(ROOT, 'asyncapi.yaml');

/** Title, version and prefix come from package.json (the prefix defaults to the service name). */
export function documentOptions(): AsyncApiOptions {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
  ) as {
    name: string;
    version: string;
  };
  return { serviceName: pkg.name, version: pkg.version, eventPrefix: pkg.name };
}

export function generate(): string {
  return asyncApiYaml(events, documentOptions());
}

/**
 * Whether the checked-in file says the same as a fresh generation. Compared
 * as parsed YAML: the scaffolder renders the service name into the file, and
 * that must not count as a difference in quoting.
 */
export function isUpToDate(): boolean {
  if (!fs.existsSync(ASYNCAPI_PATH)) return false;
  return isDeepStrictEqual(
    parse(fs.readFileSync(ASYNCAPI_PATH, 'utf8')),
    parse(generate()),
  );
}

if (require.main === module) {
  const fresh = generate();
  if (process.argv.includes('--check')) {
    if (!isUpToDate()) {
      console.error(
        'asyncapi.yaml is out of date: run `npm run asyncapi` and commit it.',
      );
      process.exit(1);
    }
    console.log('asyncapi.yaml is up to date.');
  } else {
    fs.writeFileSync(ASYNCAPI_PATH, fresh);
    console.log(
      `wrote ${path.relative(process.cwd(), ASYNCAPI_PATH)} (${
        events.all().length
      } events)`,
    );
  }
}
