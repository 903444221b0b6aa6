import {
  UserListFilterKind,
  UserListPicker,
} from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';

/**
 * Narrower gutters for Backstage's Owned / Starred / All picker. At a
 * 1280 px window the catalog's filter column (two of twelve grid columns)
 * is about 155 px wide; the stock picker spends 16 px of margin, 16 px of
 * left padding, a 30 px icon column and 48 px kept free for the count on
 * each item, so "Owned" and "Starred" were cut ("Owne", "Starre"). Only
 * Material UI's global class names are used (a makeStyles class is "jss4-N"
 * in production builds); two classes deep, so these rules win over the
 * picker's own.
 */
const FITTING_SX = {
  // The inner cards of the two groups ("Personal", the organisation).
  '& .MuiCard-root .MuiCard-root': { mx: 0.5 },
  '& .MuiListItem-gutters': { pl: 1 },
  '& .MuiListItemIcon-root': { minWidth: 26 },
  // Room for a count of up to three digits at 8 px from the edge.
  '& .MuiListItem-secondaryAction': { pr: 5 },
  '& .MuiListItemSecondaryAction-root': { right: 8 },
  // Should a translated label still not fit: an ellipsis, not a cut letter.
  '& .MuiListItemText-root .MuiTypography-root': {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
} as const;

/**
 * Backstage's `UserListPicker` whose labels fit the filter column at
 * 1280 px (see {@link FITTING_SX}).
 */
export const FittingUserListPicker = (props: {
  initialFilter?: UserListFilterKind;
}) => (
  <Box sx={FITTING_SX} data-testid="fitting-user-list-picker">
    <UserListPicker initialFilter={props.initialFilter} />
  </Box>
);
