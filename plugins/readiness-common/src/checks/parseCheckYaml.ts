import { parseDocument } from 'yaml';
import { errorMessage } from '../describeInput';
import type { FactDefinition } from '../model';
import {
  CheckDefinitionsResult,
  parseCheckDefinitions,
} from './parseCheckDefinitions';

/** Check files above this many characters are not parsed. */
const MAX_CHARACTERS = 1024 * 1024;
// Check files have no use for many aliases; this bounds "billion laughs".
const MAX_ALIAS_COUNT = 50;
const MAX_REPORTED_YAML_ERRORS = 10;

type YamlProblem = {
  message: string;
  linePos?: [{ line: number; col: number }, ...unknown[]];
};

function describeYamlProblem(problem: YamlProblem): string {
  const first = problem.message.split('\n')[0].replace(/:\s*$/, '');
  if (first.startsWith('Source contains multiple documents')) {
    return `the file has more than one document (a "---" line${first.slice(
      first.indexOf(' at line'),
    )}); put every check under one checks: list`;
  }
  // The message already ends with "at line L, column C" (prettyErrors);
  // make sure the line is there even when it does not.
  const position = problem.linePos?.[0];
  if (position && !/line \d+/.test(first)) {
    return `${first} at line ${position.line}, column ${position.col}`;
  }
  return first;
}

/**
 * {@link parseCheckDefinitions} over YAML text (one document, `checks:` at
 * its root or a list of checks). YAML syntax errors, duplicate keys,
 * unresolved tags and oversized input are reported with line numbers,
 * never thrown; merge keys (`<<`) are off, so they are unknown fields.
 * @public
 */
export function parseCheckYaml(
  text: string,
  options: { source: string; facts: ReadonlyMap<string, FactDefinition> },
): CheckDefinitionsResult {
  const { source } = options;
  const fail = (message: string): CheckDefinitionsResult => ({
    checks: [],
    errors: [{ source, path: '', message }],
  });
  if (typeof text !== 'string') {
    return fail('the check definitions are not text');
  }
  if (text.length > MAX_CHARACTERS) {
    return fail(
      `the file has ${text.length} characters, over the limit of ${MAX_CHARACTERS}; not read`,
    );
  }
  let raw: unknown;
  try {
    const document = parseDocument(text, {
      uniqueKeys: true,
      merge: false,
      prettyErrors: true,
      strict: true,
    });
    const problems = [...document.errors, ...document.warnings];
    if (problems.length > 0) {
      return {
        checks: [],
        errors: problems.slice(0, MAX_REPORTED_YAML_ERRORS).map(problem => ({
          source,
          path: '',
          message: `is not valid YAML: ${describeYamlProblem(
            problem as YamlProblem,
          )}`,
        })),
      };
    }
    raw = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // toJS throws on alias bombs and on aliases to unknown anchors.
    return fail(`is not valid YAML: ${errorMessage(error)}`);
  }
  if (raw === null || raw === undefined) {
    return fail('the file is empty; expected checks: [...]');
  }
  return parseCheckDefinitions(raw, options);
}
