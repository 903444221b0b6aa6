import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';

/**
 * A titled section of an org page (Summary, Templates, Services…): an
 * `<h2>` and its content, labelled for assistive technology.
 * @public
 */
export const PageSection = (props: { title: string; children: ReactNode }) => (
  <Stack spacing={1} component="section" aria-label={props.title}>
    <Typography variant="h5" component="h2">
      {props.title}
    </Typography>
    {props.children}
  </Stack>
);
