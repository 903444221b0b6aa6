import { Fragment } from 'react';
import Typography from '@mui/material/Typography';

/**
 * A changelog entry with its Markdown code spans (`like this`) as code;
 * everything else stays plain text (no HTML is ever interpreted).
 */
const ChangeText = (props: { text: string }) => {
  const parts = props.text.split(/`([^`]+)`/);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <code key={index}>{part}</code>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
};

/** A template version's changelog entries, or that it has none. */
export const ChangeList = (props: { changes: string[]; testId?: string }) => {
  const { changes, testId } = props;
  if (changes.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No changelog entries.
      </Typography>
    );
  }
  return (
    <Typography
      component="ul"
      variant="body2"
      sx={{ m: 0, pl: 2.5 }}
      data-testid={testId}
    >
      {changes.map((change, index) => (
        <li key={index}>
          <ChangeText text={change} />
        </li>
      ))}
    </Typography>
  );
};
