import { parseAllDocuments } from 'yaml';
import { DocumentChecker } from './DocumentChecker';
import { OpenSloDocument, OpenSloError } from './OpenSloDocument';
import { readOpenSloDocument } from './readOpenSloDocument';

/** Inputs above this many bytes (UTF-8) are not parsed. */
const MAX_BYTES = 1024 * 1024;
const MAX_DOCUMENTS = 500;
// OpenSLO files have no use for many aliases; this bounds "billion laughs".
const MAX_ALIAS_COUNT = 50;

/**
 * What {@link parseOpenSlo} found: the valid documents, and every error and
 * warning. A document with any error is left out; the others are kept.
 * @public
 */
export type OpenSloParseResult = {
  documents: OpenSloDocument[];
  errors: OpenSloError[];
  warnings: OpenSloError[];
};

function utf8Length(text: string, limit: number): number {
  // A UTF-16 unit is one to three bytes: count only when it matters.
  if (text.length > limit) return text.length;
  if (text.length * 3 <= limit) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function fileProblem(
  path: string | undefined,
  message: string,
  severity: 'error' | 'warning' = 'error',
): OpenSloError {
  return {
    severity,
    documentIndex: null,
    kind: null,
    name: null,
    path: '',
    message: path ? `${path}: ${message}` : message,
  };
}

/**
 * Parses and validates OpenSLO v1 YAML (one or more `---` separated
 * documents). Never throws: invalid YAML, invalid documents, oversized
 * input and unknown fields become errors or warnings naming the document,
 * kind, name and field. `path` (e.g. the file name) prefixes the messages.
 * Cross-document references are checked by {@link resolveOpenSlo}.
 * @public
 */
export function parseOpenSlo(text: string, path?: string): OpenSloParseResult {
  const result: OpenSloParseResult = {
    documents: [],
    errors: [],
    warnings: [],
  };
  if (typeof text !== 'string') {
    result.errors.push(fileProblem(path, 'the OpenSLO input is not text'));
    return result;
  }
  const bytes = utf8Length(text, MAX_BYTES);
  if (bytes > MAX_BYTES) {
    result.errors.push(
      fileProblem(
        path,
        `the file is over the 1 MiB limit for OpenSLO files (at least ${bytes} bytes); not read`,
      ),
    );
    return result;
  }

  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(text, {
      uniqueKeys: true,
      merge: false,
      prettyErrors: true,
      strict: true,
    });
  } catch (error) {
    // parseAllDocuments reports problems on the documents; this is a backstop.
    result.errors.push(
      fileProblem(path, `the YAML could not be read: ${String(error)}`),
    );
    return result;
  }
  const documents = Array.isArray(parsed) ? parsed : [];
  if (documents.length > MAX_DOCUMENTS) {
    result.errors.push(
      fileProblem(
        path,
        `the file has ${documents.length} documents, over the limit of ${MAX_DOCUMENTS}; not read`,
      ),
    );
    return result;
  }

  const problems: OpenSloError[] = [];
  let nonEmpty = 0;
  // Objects read so far, list items included, against MAX_DOCUMENTS.
  let objects = 0;
  let overLimit = false;
  documents.forEach((document, index) => {
    const check = new DocumentChecker(problems, index, path);
    if (document.errors.length > 0) {
      for (const error of document.errors.slice(0, 5)) {
        check.error('', `is not valid YAML: ${error.message.split('\n')[0]}`);
      }
      return;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      check.error('', `could not be read: ${message.split('\n')[0]}`);
      return;
    }
    if (value === null || value === undefined) {
      // A trailing `---` is common; an empty document is only noted.
      check.warn('', 'is empty; skipped');
      return;
    }
    // A document whose top level is a list holds one object per item, as
    // the OpenSLO Go SDK and oslo read it.
    if (Array.isArray(value)) {
      if (value.length === 0) {
        check.warn('', 'is an empty list; skipped');
        return;
      }
      objects += value.length;
      if (objects > MAX_DOCUMENTS) {
        if (!overLimit) {
          check.error(
            '',
            `brings the file over the limit of ${MAX_DOCUMENTS} objects; the rest of the file is not read`,
          );
        }
        overLimit = true;
        return;
      }
      nonEmpty++;
      value.forEach((item, itemIndex) => {
        const read = readOpenSloDocument(
          new DocumentChecker(problems, index, path, itemIndex),
          item,
          index,
        );
        if (read) result.documents.push(read);
      });
      return;
    }
    objects++;
    nonEmpty++;
    const read = readOpenSloDocument(check, value, index);
    if (read) result.documents.push(read);
  });
  for (const problem of problems) {
    (problem.severity === 'error' ? result.errors : result.warnings).push(
      problem,
    );
  }
  if (
    documents.length === 0 ||
    (nonEmpty === 0 && result.errors.length === 0)
  ) {
    result.errors.push(fileProblem(path, 'the file has no OpenSLO documents'));
  }
  return result;
}
