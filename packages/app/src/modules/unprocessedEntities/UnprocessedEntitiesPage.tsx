import { Content } from '@backstage/core-components';
import { UnprocessedEntitiesContent } from '@backstage/plugin-catalog-unprocessed-entities';
import Box from '@mui/material/Box';

/**
 * Backstage's unprocessed entities (the Failed and Pending tabs) under the
 * frontend system's page header only (the stock page draws a second
 * "Unprocessed Entities" heading), with compact cell padding: the failed
 * entities' nine columns fit their card at 1280 px (with Backstage's 36 px of
 * side padding per column the Actions column hid behind a sideways scroll).
 */
export const UnprocessedEntitiesPage = () => (
  <Content>
    <Box
      data-testid="unprocessed-entities"
      sx={{
        '& .MuiTableCell-root': { paddingLeft: 1, paddingRight: 1 },
      }}
    >
      <UnprocessedEntitiesContent />
    </Box>
  </Content>
);
