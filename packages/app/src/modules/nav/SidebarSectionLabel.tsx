import { useSidebarOpenState } from '@backstage/core-components';
import { makeStyles, Typography } from '@material-ui/core';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  label: {
    padding: theme.spacing(1, 3, 0.5),
    color: theme.palette.navigation.color,
    opacity: 0.7,
    whiteSpace: 'nowrap',
  },
}));

/**
 * The name of a sidebar section, shown while the sidebar is open (the
 * divider alone separates the sections of the collapsed sidebar).
 */
export const SidebarSectionLabel = (props: { children: ReactNode }) => {
  const classes = useStyles();
  const { isOpen } = useSidebarOpenState();
  if (!isOpen) return null;
  return (
    <Typography variant="overline" component="div" className={classes.label}>
      {props.children}
    </Typography>
  );
};
