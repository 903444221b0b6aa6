import type {
  FactSnapshot,
  FactValue,
} from '@golden-path/plugin-readiness-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatAge } from '../formatAge';

/**
 * A fact's value in full (the table has the room; nothing is cut):
 * booleans and numbers as written, text and list items as code.
 */
const Value = (props: { value: FactValue; collected: boolean }) => {
  const { value, collected } = props;
  if (value === null) {
    return (
      <Typography variant="body2" color="text.secondary">
        {collected ? 'no value' : 'never collected'}
      </Typography>
    );
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return (
        <Typography variant="body2" color="text.secondary">
          empty list
        </Typography>
      );
    }
    return (
      <span>
        {value.map((item, i) => (
          <span key={i}>
            {i > 0 && ', '}
            <code>{item}</code>
          </span>
        ))}
      </span>
    );
  }
  if (typeof value === 'string') return <code>{value}</code>;
  return <>{String(value)}</>;
};

/**
 * The facts a check read, with when each was collected ("3 min ago", the
 * exact time on hover) and by which collector.
 */
export const FactsTable = (props: {
  facts: ReadonlyArray<FactSnapshot>;
  checkTitle: string;
  now: number;
}) => {
  const { facts, checkTitle, now } = props;
  if (facts.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No facts were read for this check.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={`Facts of ${checkTitle}`}>
      <TableHead>
        <TableRow>
          <TableCell>Fact</TableCell>
          <TableCell>Value</TableCell>
          <TableCell>Collected</TableCell>
          <TableCell>Collector</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {facts.map(fact => (
          <TableRow key={fact.id} data-testid="fact-row" data-fact-id={fact.id}>
            <TableCell>
              <code>{fact.id}</code>
            </TableCell>
            <TableCell sx={{ wordBreak: 'break-word' }}>
              <Value value={fact.value} collected={fact.collectedAt !== null} />
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {fact.collectedAt ? (
                <time dateTime={fact.collectedAt} title={fact.collectedAt}>
                  {formatAge(fact.collectedAt, now)}
                </time>
              ) : (
                'never'
              )}
            </TableCell>
            <TableCell>{fact.collector}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
