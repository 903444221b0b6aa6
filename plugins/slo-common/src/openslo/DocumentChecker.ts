import { describeValue, truncate } from '../describeValue';
import { OpenSloError } from './OpenSloDocument';

/** A parsed YAML mapping. */
export type Fields = Record<string, unknown>;

/**
 * Reads the fields of one OpenSLO document and records every problem with
 * the document, kind, name and field path, so messages say exactly where.
 */
export class DocumentChecker {
  kind: string | null = null;
  name: string | null = null;
  errorCount = 0;

  constructor(
    private readonly problems: OpenSloError[],
    private readonly documentIndex: number,
    private readonly file: string | undefined,
    /** The object's place in a document whose top level is a list. */
    private readonly itemIndex?: number,
  ) {}

  private add(severity: 'error' | 'warning', path: string, text: string) {
    const where = [
      this.file,
      `document ${this.documentIndex + 1}`,
      this.itemIndex !== undefined && `item ${this.itemIndex + 1}`,
      this.kind &&
        (this.name ? `${this.kind} "${truncate(this.name)}"` : this.kind),
    ]
      .filter(Boolean)
      .join(', ');
    this.problems.push({
      severity,
      documentIndex: this.documentIndex,
      kind: this.kind,
      name: this.name,
      path,
      message: `${where}: ${path ? `${path} ` : ''}${text}`,
    });
  }

  error(path: string, text: string): void {
    this.errorCount++;
    this.add('error', path, text);
  }

  warn(path: string, text: string): void {
    this.add('warning', path, text);
  }

  /** The value as a mapping, or null with an error. */
  object(value: unknown, path: string): Fields | null {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.error(path, `must be an object, got ${describeValue(value)}`);
      return null;
    }
    return value as Fields;
  }

  /** Warns about keys that OpenSLO v1 does not define here. */
  knownKeys(fields: Fields, path: string, known: readonly string[]): void {
    for (const key of Object.keys(fields)) {
      if (!known.includes(key)) {
        this.warn(join(path, key), 'is not an OpenSLO v1 field here; ignored');
      }
    }
  }

  string(
    fields: Fields,
    key: string,
    path: string,
    options: { required: boolean; maxLength?: number },
  ): string | undefined {
    const value = fields[key];
    const at = join(path, key);
    if (value === undefined || value === null) {
      if (options.required) this.error(at, 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || (options.required && value === '')) {
      this.error(at, `must be a non-empty string, got ${describeValue(value)}`);
      return undefined;
    }
    const max = options.maxLength ?? 1050;
    if (value.length > max) {
      this.error(at, `must be at most ${max} characters, got ${value.length}`);
      return undefined;
    }
    return value;
  }

  number(
    fields: Fields,
    key: string,
    path: string,
    required: boolean,
  ): number | undefined {
    const value = fields[key];
    const at = join(path, key);
    if (value === undefined || value === null) {
      if (required) this.error(at, 'is required');
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.error(at, `must be a number, got ${describeValue(value)}`);
      return undefined;
    }
    return value;
  }

  boolean(
    fields: Fields,
    key: string,
    path: string,
    fallback: boolean,
  ): boolean {
    const value = fields[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') {
      this.error(
        join(path, key),
        `must be true or false, got ${describeValue(value)}`,
      );
      return fallback;
    }
    return value;
  }

  /** A list field; `undefined` when absent and not required. */
  list(
    fields: Fields,
    key: string,
    path: string,
    required: boolean,
  ): unknown[] | undefined {
    const value = fields[key];
    const at = join(path, key);
    if (value === undefined || value === null) {
      if (required) this.error(at, 'is required');
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.error(at, `must be a list, got ${describeValue(value)}`);
      return undefined;
    }
    return value;
  }
}

/** `spec` + `target` -> `spec.target`. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}
