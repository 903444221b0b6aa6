import { useState } from 'react';
import type {
  Attestation,
  AttestationRequest,
  ReadinessCheck,
} from '@golden-path/plugin-readiness-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { errorStatus, serverMessage } from '../serverMessage';
import {
  AttestationFormErrors,
  AttestationFormValues,
  defaultExpiryDay,
  latestExpiryDay,
  MAX_COMMENT_LENGTH,
  validateAttestationForm,
} from './attestationForm';

/** What a failed POST means to the person attesting. */
function submitErrorText(error: unknown): string {
  const message = serverMessage(error);
  if (errorStatus(error) === 403) {
    return `You may not attest this check (permission readiness.attestation.create): ${message}`;
  }
  return message;
}

/**
 * The "Attest <check>" dialog: a required comment and an expiry day
 * (default: the check's validDays ahead), checked here first, then by the
 * backend, whose 400/403 message is shown as it comes.
 */
export const AttestDialog = (props: {
  check: ReadinessCheck;
  now: number;
  onClose: () => void;
  onSubmit: (request: AttestationRequest) => Promise<Attestation>;
  onAttested: (attestation: Attestation) => void;
}) => {
  const { check, now, onClose, onSubmit, onAttested } = props;
  const validDays = check.attestation?.validDays ?? 90;
  const [values, setValues] = useState<AttestationFormValues>({
    comment: '',
    expiresOn: defaultExpiryDay(validDays, now),
  });
  const [errors, setErrors] = useState<AttestationFormErrors>({});
  const [submitError, setSubmitError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const titleId = `attest-dialog-title-${check.id}`;

  const submit = async () => {
    const result = validateAttestationForm(check.id, values, Date.now());
    setErrors(result.errors);
    setSubmitError(undefined);
    if (!result.request) return;
    setSubmitting(true);
    try {
      const attestation = await onSubmit(result.request);
      onAttested(attestation);
    } catch (e) {
      setSubmitError(submitErrorText(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>Attest {check.title}</DialogTitle>
      <form
        noValidate
        onSubmit={event => {
          event.preventDefault();
          submit();
        }}
      >
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText>
              {check.description ||
                'Confirm that this check holds for the service.'}{' '}
              The attestation counts as a pass until it expires; it is kept in
              the audit trail with your name.
            </DialogContentText>
            <TextField
              label="Comment"
              required
              multiline
              minRows={3}
              value={values.comment}
              onChange={e => setValues({ ...values, comment: e.target.value })}
              error={Boolean(errors.comment)}
              helperText={
                errors.comment ??
                `Why the check holds: evidence, links, dates (${values.comment.length}/${MAX_COMMENT_LENGTH})`
              }
            />
            <TextField
              label="Expires on (UTC)"
              type="date"
              required
              value={values.expiresOn}
              onChange={e =>
                setValues({ ...values, expiresOn: e.target.value })
              }
              error={Boolean(errors.expiresOn)}
              helperText={
                errors.expiresOn ??
                `Default: ${validDays} days from today; at most a year ahead.`
              }
              InputLabelProps={{ shrink: true }}
              inputProps={{
                min: defaultExpiryDay(1, now),
                max: latestExpiryDay(now),
              }}
            />
            {submitError && (
              <Alert severity="error" data-testid="attest-error">
                {submitError}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={submitting}>
            {submitting ? 'Attesting…' : 'Attest'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
