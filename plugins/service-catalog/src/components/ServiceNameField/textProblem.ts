/** The rules of a `ui:field: GoldenPathText` field, from its `ui:options`. */
export type TextRules = {
  required?: boolean;
  /** Said when a required field is empty, e.g. "Enter a description". */
  requiredMessage?: string;
  minLength?: number;
  maxLength?: number;
  /** A regular expression source the whole value must match. */
  pattern?: string;
  /** Said, in plain words, when the value does not match `pattern`. */
  patternMessage?: string;
};

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * What is wrong with a one-line text value, in plain words, or undefined.
 * Any printable text is fine (accents, `:`, `&`, `!`, quotes); only control
 * characters (line breaks, tabs) are refused. The rule of a pattern is never
 * shown as a regular expression: `patternMessage` says it in words.
 */
export function textProblem(
  value: unknown,
  rules: TextRules,
  label = 'this field',
): string | undefined {
  const text = typeof value === 'string' ? value : '';
  if (text.trim() === '') {
    return rules.required
      ? rules.requiredMessage ?? `Enter ${label.toLocaleLowerCase('en-US')}.`
      : undefined;
  }
  if (CONTROL_CHARACTERS.test(text)) {
    return 'Use one line of text, without tabs or line breaks.';
  }
  const length = [...text].length;
  if (rules.minLength !== undefined && length < rules.minLength) {
    return `Write at least ${rules.minLength} characters (now ${length}).`;
  }
  if (rules.maxLength !== undefined && length > rules.maxLength) {
    return `Write at most ${rules.maxLength} characters (now ${length}).`;
  }
  if (rules.pattern !== undefined && !new RegExp(rules.pattern).test(text)) {
    return rules.patternMessage ?? 'This value is not in the expected form.';
  }
  return undefined;
}
