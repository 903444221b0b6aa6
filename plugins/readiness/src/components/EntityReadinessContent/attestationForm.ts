import type { AttestationRequest } from '@golden-path/plugin-readiness-common';

const DAY = 86_400_000;

/** The backend's limits: a comment of 1 to 2000 characters, at most a year ahead. */
export const MAX_COMMENT_LENGTH = 2000;
export const MAX_VALID_DAYS = 365;

/** What the attest dialog holds: a comment and an expiry day (UTC). */
export type AttestationFormValues = { comment: string; expiresOn: string };

/** Problems per field, in words for the dialog. */
export type AttestationFormErrors = Partial<
  Record<keyof AttestationFormValues, string>
>;

/** "2026-06-28": the day `validDays` after `now` (UTC), the dialog's default. */
export function defaultExpiryDay(validDays: number, now: number): string {
  return new Date(now + validDays * DAY).toISOString().slice(0, 10);
}

/** The latest day the dialog allows. */
export function latestExpiryDay(now: number): string {
  return defaultExpiryDay(MAX_VALID_DAYS, now);
}

/**
 * Checks the dialog's values before they are sent and builds the request.
 * The expiry keeps the current time of day on the chosen (UTC) day, so the
 * default day is exactly `validDays` ahead and the last allowed day is
 * exactly a year ahead.
 */
export function validateAttestationForm(
  checkId: string,
  values: AttestationFormValues,
  now: number,
): { request?: AttestationRequest; errors: AttestationFormErrors } {
  const errors: AttestationFormErrors = {};
  const comment = values.comment.trim();
  if (comment.length === 0) {
    errors.comment = 'Say why the check holds: a comment is required';
  } else if (comment.length > MAX_COMMENT_LENGTH) {
    errors.comment = `At most ${MAX_COMMENT_LENGTH} characters (this one has ${comment.length})`;
  }

  let expiresAt: string | undefined;
  const day = values.expiresOn.trim();
  const time = /^\d{4}-\d{2}-\d{2}$/.test(day)
    ? Date.parse(`${day}T${new Date(now).toISOString().slice(11)}`)
    : NaN;
  // Date.parse takes 2026-02-30 as 2 March; the round trip catches it.
  if (
    !Number.isFinite(time) ||
    new Date(time).toISOString().slice(0, 10) !== day
  ) {
    errors.expiresOn = 'Enter a valid date (YYYY-MM-DD)';
  } else if (time <= now) {
    errors.expiresOn = 'The expiry date must be in the future';
  } else if (time > now + MAX_VALID_DAYS * DAY) {
    errors.expiresOn = `The expiry date must be at most a year ahead (${latestExpiryDay(
      now,
    )} or earlier)`;
  } else {
    expiresAt = new Date(time).toISOString();
  }

  if (Object.keys(errors).length > 0 || !expiresAt) return { errors };
  return { request: { checkId, comment, expiresAt }, errors };
}
