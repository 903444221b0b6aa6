import { useMemo } from 'react';
import type { Attestation } from '@golden-path/plugin-readiness-common';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatDay } from '../formatAge';
import { AttestationAuthor } from './AttestationAuthor';

/** Where an attestation stands in the append-only trail. */
export type AttestationStatus = 'current' | 'superseded' | 'expired';

/**
 * Newest first; per check the newest unexpired attestation is current,
 * older unexpired ones are superseded (a newer one replaced them).
 */
export function attestationTrail(
  attestations: ReadonlyArray<Attestation>,
): Array<Attestation & { status: AttestationStatus }> {
  const seen = new Set<string>();
  return [...attestations]
    .sort(
      (a, b) =>
        b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
    )
    .map(attestation => {
      let status: AttestationStatus = 'expired';
      if (!attestation.expired) {
        status = seen.has(attestation.checkId) ? 'superseded' : 'current';
        seen.add(attestation.checkId);
      }
      return { ...attestation, status };
    });
}

const STATUS_CHIP: Record<
  AttestationStatus,
  { label: string; color: 'success' | 'default' | 'warning' }
> = {
  current: { label: 'current', color: 'success' },
  superseded: { label: 'superseded', color: 'default' },
  expired: { label: 'expired', color: 'warning' },
};

/**
 * Every attestation of the entity, the audit trail: who attested which
 * check, why, when, until when, and whether it still counts.
 */
export const AttestationHistory = (props: {
  attestations: ReadonlyArray<Attestation>;
  checkTitles: ReadonlyMap<string, string>;
}) => {
  const { attestations, checkTitles } = props;
  const trail = useMemo(() => attestationTrail(attestations), [attestations]);
  if (trail.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No attestations yet.
      </Typography>
    );
  }
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label="Attestation history">
        <TableHead>
          <TableRow>
            <TableCell>Check</TableCell>
            <TableCell>Author</TableCell>
            <TableCell>Comment</TableCell>
            <TableCell>Attested</TableCell>
            <TableCell>Expires</TableCell>
            <TableCell>Status</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {trail.map(attestation => (
            <TableRow
              key={attestation.id}
              data-testid="attestation-row"
              data-check-id={attestation.checkId}
              data-status={attestation.status}
            >
              <TableCell>
                {checkTitles.get(attestation.checkId) ?? attestation.checkId}
              </TableCell>
              <TableCell>
                <AttestationAuthor entityRef={attestation.author} />
              </TableCell>
              <TableCell
                sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
              >
                {attestation.comment}
              </TableCell>
              <TableCell>
                <time
                  dateTime={attestation.createdAt}
                  title={attestation.createdAt}
                >
                  {formatDay(attestation.createdAt)}
                </time>
              </TableCell>
              <TableCell>
                <time
                  dateTime={attestation.expiresAt}
                  title={attestation.expiresAt}
                >
                  {formatDay(attestation.expiresAt)}
                </time>
              </TableCell>
              <TableCell>
                <Chip
                  size="small"
                  variant="outlined"
                  color={STATUS_CHIP[attestation.status].color}
                  label={STATUS_CHIP[attestation.status].label}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
