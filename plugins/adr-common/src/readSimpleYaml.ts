// The front matter most ADRs have (`key: value` lines and `- item` lists of
// plain words) is read here without the YAML parser, which costs more than
// the rest of parseAdr together. Anything this reader is not certain to read
// exactly as YAML 1.2 (core schema) would, it refuses, and the caller then
// uses the `yaml` package: quotes, anchors, aliases, merge keys, tags, flow
// collections, block scalars, comments after values, nesting, tabs.

const KEY = /^([A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+)*):(?: +(.*))?$/;
const ITEM = /^( *)- +(.*)$/;
// Scalars the core schema turns into numbers: left to the real parser.
const NUMBER =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const NULL = /^(?:null|Null|NULL|~)$/;
const BOOLEAN = /^(?:true|True|TRUE|false|False|FALSE)$/;

/** Tabs, other C0 controls, DEL and BOM, which YAML treats specially. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c === 127 || c === 0xfeff) return true;
  }
  return false;
}

/** A plain scalar's value, or undefined when it is not one we can read. */
function plainScalar(text: string): string | boolean | null | undefined {
  const value = text.trimEnd();
  if (value === '' || NULL.test(value)) return null;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return undefined;
  if (/: |:$| #/.test(value) || hasControlCharacter(value)) return undefined;
  if (NUMBER.test(value)) return undefined;
  if (BOOLEAN.test(value)) return value.toLowerCase() === 'true';
  return value;
}

/**
 * Reads the simplest front matter; undefined when it is anything more than
 * top-level `key: plain value` and `key:` followed by `- plain item` lines.
 */
export function readSimpleYaml(yaml: string): Map<string, unknown> | undefined {
  const result = new Map<string, unknown>();
  let listKey: string | null = null;
  let list: unknown[] | null = null;
  let listIndent = -1;
  let start = 0;
  while (start < yaml.length) {
    let end = yaml.indexOf('\n', start);
    if (end === -1) end = yaml.length;
    let line = yaml.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    start = end + 1;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const item = ITEM.exec(line);
    if (item) {
      if (listKey === null) return undefined;
      // A differently indented `- b` would continue the previous item.
      if (list !== null && item[1].length !== listIndent) return undefined;
      const value = plainScalar(item[2]);
      if (value === undefined) return undefined;
      if (list === null) {
        list = [];
        listIndent = item[1].length;
        result.set(listKey, list);
      }
      list.push(value);
      continue;
    }
    const pair = KEY.exec(line);
    if (!pair) return undefined;
    // A repeated key is an error for the yaml package: leave it to it.
    if (result.has(pair[1])) return undefined;
    listKey = null;
    list = null;
    if (pair[2] === undefined || pair[2].trim() === '') {
      listKey = pair[1];
      result.set(pair[1], null);
      continue;
    }
    const value = plainScalar(pair[2]);
    if (value === undefined) return undefined;
    result.set(pair[1], value);
  }
  return result;
}
