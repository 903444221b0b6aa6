import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..');

describe('checked-in asyncapi.yaml', () => {
  it('equals a fresh generation from src/events/catalog.ts (run `npm run asyncapi`)', async () => {
    const { ASYNCAPI_PATH, generate } = await import(
      '../scripts/generate-asyncapi.js'
    );
    expect(
      fs.existsSync(ASYNCAPI_PATH),
      'asyncapi.yaml is missing: run `npm run asyncapi`',
    ).toBe(true);
    const checkedIn = fs.readFileSync(ASYNCAPI_PATH, 'utf8');
    // Compared parsed: the scaffolder renders the service name into the file.
    expect(
      parse(checkedIn),
      'asyncapi.yaml is stale: run `npm run asyncapi`',
    ).toEqual(parse(generate()));
  });

  it('renders safely: no template syntax but the service name placeholder', () => {
    const text = fs.readFileSync(path.join(root, 'asyncapi.yaml'), 'utf8');
    // Nunjucks block and comment openers, spelt so this file itself renders.
    const open = '{';
    expect(text.includes(open + '%')).toBe(false);
    expect(text.includes(open + '#')).toBe(false);
    // The only variable is the service name (none once rendered).
    const variables = text
      .split('$' + open + open)
      .slice(1)
      .map(rest => rest.slice(0, rest.indexOf('}}')).trim());
    expect(new Set(variables).size).toBeLessThanOrEqual(1);
    for (const variable of variables) expect(variable).toBe('values.name');
  });
});
