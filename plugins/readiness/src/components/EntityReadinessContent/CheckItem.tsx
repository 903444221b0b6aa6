import { useEffect, useRef } from 'react';
import { Link } from '@backstage/core-components';
import type { EntityCheckResult } from '@golden-path/plugin-readiness-common';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RiArrowDownSLine } from '@remixicon/react';
import { formatAge, formatDay } from '../formatAge';
import { LevelBadge } from '../LevelBadge/LevelBadge';
import { OutcomeLabel } from '../OutcomeLabel/OutcomeLabel';
import { AttestationAuthor } from './AttestationAuthor';
import { FactsTable } from './FactsTable';

/** Whether the user may attest, once the permission answer is in. */
export type AttestPermission = 'loading' | 'allowed' | 'denied';

const CurrentAttestation = (props: {
  result: EntityCheckResult;
  canAttest: AttestPermission;
  onAttest: () => void;
  now: number;
}) => {
  const { result, canAttest, onAttest, now } = props;
  const { attestation } = result;
  return (
    <Stack spacing={1} data-testid="current-attestation">
      <Typography variant="subtitle2" component="h5">
        Attestation
      </Typography>
      {attestation ? (
        <Typography variant="body2">
          Attested by <AttestationAuthor entityRef={attestation.author} />{' '}
          <time dateTime={attestation.createdAt} title={attestation.createdAt}>
            {formatAge(attestation.createdAt, now)}
          </time>
          , expires{' '}
          <time dateTime={attestation.expiresAt} title={attestation.expiresAt}>
            {formatDay(attestation.expiresAt)}
          </time>
          : “{attestation.comment}”
        </Typography>
      ) : (
        <Typography variant="body2" color="text.secondary">
          Not attested: this check cannot be collected; a person confirms it for{' '}
          {result.check.attestation?.validDays ?? '—'} days at a time.
        </Typography>
      )}
      {canAttest === 'denied' && (
        <Typography
          variant="caption"
          color="text.secondary"
          data-testid="attest-not-allowed"
        >
          Only the owners of this service can attest it.
        </Typography>
      )}
      {canAttest === 'allowed' && (
        <Box>
          <Button
            variant="outlined"
            size="small"
            onClick={onAttest}
            data-testid="attest-button"
            aria-label={`Attest ${result.check.title}`}
          >
            {attestation ? 'Attest again' : 'Attest'}
          </Button>
        </Box>
      )}
    </Stack>
  );
};

/**
 * One check of the entity: outcome, title, level and the backend's message
 * in the summary; the description, the facts behind the outcome,
 * how to fix it and (for attestable checks) the current attestation in the
 * details. Failing and erroring checks start open; so does the check the
 * URL names (`?check=<id>`), which is also scrolled to.
 */
export const CheckItem = (props: {
  result: EntityCheckResult;
  focused: boolean;
  canAttest: AttestPermission;
  onAttest: () => void;
  now: number;
}) => {
  const { result, focused, canAttest, onAttest, now } = props;
  const { check, outcome } = result;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // jsdom has no scrollIntoView.
    if (focused) ref.current?.scrollIntoView?.({ block: 'center' });
  }, [focused]);
  const summaryId = `readiness-check-${check.id}`;
  return (
    <Accordion
      ref={ref}
      defaultExpanded={focused || outcome === 'fail' || outcome === 'error'}
      disableGutters
      variant="outlined"
      data-testid="readiness-check"
      data-check-id={check.id}
      data-outcome={outcome}
      sx={
        focused
          ? { outline: theme => `2px solid ${theme.palette.primary.main}` }
          : undefined
      }
    >
      <AccordionSummary
        expandIcon={<RiArrowDownSLine aria-hidden />}
        id={summaryId}
        aria-controls={`${summaryId}-details`}
      >
        <Stack
          direction={{ xs: 'column', md: 'row' }}
          spacing={{ xs: 0.5, md: 2 }}
          alignItems={{ md: 'center' }}
          sx={{ width: '100%' }}
        >
          <OutcomeLabel outcome={outcome} />
          <Stack direction="row" spacing={1} alignItems="center">
            <Typography variant="subtitle1" component="h4">
              {check.title}
            </Typography>
            <LevelBadge level={check.level} />
          </Stack>
          <Typography
            variant="body2"
            color="text.secondary"
            data-testid="check-message"
            sx={{ flexGrow: 1 }}
          >
            {result.message}
          </Typography>
        </Stack>
      </AccordionSummary>
      <AccordionDetails id={`${summaryId}-details`}>
        <Stack spacing={2}>
          {check.description && (
            <Typography variant="body2">{check.description}</Typography>
          )}
          <FactsTable facts={result.facts} checkTitle={check.title} now={now} />
          {(check.remediation.hint || check.remediation.url) && (
            <Stack spacing={0.5} data-testid="remediation">
              <Typography variant="subtitle2" component="h5">
                How to fix
              </Typography>
              <Typography variant="body2">{check.remediation.hint}</Typography>
              {check.remediation.url && (
                <Typography variant="body2">
                  <Link to={check.remediation.url}>
                    {check.remediation.url.startsWith('/')
                      ? 'Open the template or guide'
                      : 'Read the guide'}
                  </Link>
                </Typography>
              )}
            </Stack>
          )}
          {check.attestation && (
            <CurrentAttestation
              result={result}
              canAttest={canAttest}
              onAttest={onAttest}
              now={now}
            />
          )}
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
};
