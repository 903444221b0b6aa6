import { defaultExpiryDay, validateAttestationForm } from './attestationForm';

const now = Date.parse('2026-03-30T12:34:56.000Z');

describe('attestationForm', () => {
  it('defaults the expiry to validDays ahead', () => {
    expect(defaultExpiryDay(90, now)).toBe('2026-06-28');
    expect(defaultExpiryDay(1, now)).toBe('2026-03-31');
  });

  it('builds the request with a trimmed comment and the time of day kept', () => {
    expect(
      validateAttestationForm(
        'failover-drill',
        { comment: '  Drill done.  ', expiresOn: '2026-06-28' },
        now,
      ),
    ).toEqual({
      request: {
        checkId: 'failover-drill',
        comment: 'Drill done.',
        expiresAt: '2026-06-28T12:34:56.000Z',
      },
      errors: {},
    });
    // Exactly a year ahead is allowed.
    expect(
      validateAttestationForm(
        'x',
        { comment: 'ok', expiresOn: '2027-03-30' },
        now,
      ).request?.expiresAt,
    ).toBe('2027-03-30T12:34:56.000Z');
  });

  it('requires a comment of at most 2000 characters', () => {
    expect(
      validateAttestationForm(
        'x',
        { comment: ' \n ', expiresOn: '2026-06-28' },
        now,
      ),
    ).toEqual({
      errors: { comment: 'Say why the check holds: a comment is required' },
    });
    expect(
      validateAttestationForm(
        'x',
        { comment: 'a'.repeat(2001), expiresOn: '2026-06-28' },
        now,
      ).errors.comment,
    ).toBe('At most 2000 characters (this one has 2001)');
  });

  it('refuses a malformed, impossible, past or too distant date', () => {
    const expiry = (expiresOn: string) =>
      validateAttestationForm('x', { comment: 'ok', expiresOn }, now).errors
        .expiresOn;
    expect(expiry('')).toBe('Enter a valid date (YYYY-MM-DD)');
    expect(expiry('28/06/2026')).toBe('Enter a valid date (YYYY-MM-DD)');
    expect(expiry('2026-02-30')).toBe('Enter a valid date (YYYY-MM-DD)');
    expect(expiry('2026-03-30')).toBe('The expiry date must be in the future');
    expect(expiry('2025-12-01')).toBe('The expiry date must be in the future');
    expect(expiry('2027-03-31')).toBe(
      'The expiry date must be at most a year ahead (2027-03-30 or earlier)',
    );
    expect(expiry('2026-03-31')).toBeUndefined();
  });

  it('reports both fields at once', () => {
    const { request, errors } = validateAttestationForm(
      'x',
      { comment: '', expiresOn: 'soon' },
      now,
    );
    expect(request).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['comment', 'expiresOn']);
  });
});
