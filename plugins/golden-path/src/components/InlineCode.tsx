import { Fragment } from 'react';

/**
 * A changelog entry with its Markdown code spans (`like this`) as code;
 * everything else stays plain text (no HTML is ever interpreted).
 */
export const InlineCode = (props: { text: string }) => {
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
