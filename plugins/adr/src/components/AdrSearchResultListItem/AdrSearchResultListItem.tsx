import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import {
  ADR_STATUS_FILTERS,
  type AdrStatus,
} from '@golden-path/plugin-adr-common';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { AdrStatusChip } from '../AdrStatusChip/AdrStatusChip';

/** The fields the ADR collator (`@golden-path/plugin-adr-backend`) indexes besides title, text and location. */
type AdrSearchDocument = SearchDocument & {
  entityRef?: string;
  status?: string;
  owner?: string;
  date?: string;
};

/** The indexed status as the status chip takes it: the collator writes `unknown` for none. */
function adrStatus(status: string | undefined): AdrStatus | null {
  return status &&
    status !== 'unknown' &&
    (ADR_STATUS_FILTERS as ReadonlyArray<string>).includes(status)
    ? (status as AdrStatus)
    : null;
}

/**
 * One ADR in the search results: its title (a link to the reader), the
 * matching words of its text (plain words: the collator drops Markdown and
 * diagrams), its status, entity and owner by title, and its date.
 * @public
 */
export const AdrSearchResultListItem = (props: {
  result?: SearchDocument;
  highlight?: ResultHighlight;
  rank?: number;
  icon?: ReactNode;
  noTrack?: boolean;
  /** How many lines of text to show; 3 by default. */
  lineClamp?: number;
}) => {
  const { highlight, icon, noTrack, lineClamp = 3 } = props;
  const result = props.result as AdrSearchDocument | undefined;
  if (!result) return null;
  return (
    <Box
      sx={{ display: 'flex', gap: 2, py: 1 }}
      data-testid="adr-search-result"
    >
      {icon && <Box sx={{ pt: 0.5, color: 'text.secondary' }}>{icon}</Box>}
      <Stack spacing={0.5} sx={{ minWidth: 0 }}>
        <Typography variant="h6" component="div">
          <Link noTrack={noTrack} to={result.location}>
            {highlight?.fields.title ? (
              <HighlightedSearchResultText
                text={highlight.fields.title}
                preTag={highlight.preTag}
                postTag={highlight.postTag}
              />
            ) : (
              result.title
            )}
          </Link>
        </Typography>
        <Typography
          component="span"
          variant="body2"
          color="text.secondary"
          sx={{
            display: '-webkit-box',
            WebkitBoxOrient: 'vertical',
            WebkitLineClamp: lineClamp,
            overflow: 'hidden',
          }}
        >
          {highlight?.fields.text ? (
            <HighlightedSearchResultText
              text={highlight.fields.text}
              preTag={highlight.preTag}
              postTag={highlight.postTag}
            />
          ) : (
            result.text
          )}
        </Typography>
        <Stack
          direction="row"
          spacing={2}
          alignItems="center"
          flexWrap="wrap"
          useFlexGap
        >
          <AdrStatusChip status={adrStatus(result.status)} />
          {result.entityRef && (
            <Typography variant="body2" component="span">
              Entity: <EntityRefLink entityRef={result.entityRef} hideIcon />
            </Typography>
          )}
          {result.owner && (
            <Typography variant="body2" component="span">
              Owner:{' '}
              <EntityRefLink
                entityRef={result.owner}
                defaultKind="group"
                hideIcon
              />
            </Typography>
          )}
          {result.date && (
            <Typography variant="body2" component="span">
              {result.date}
            </Typography>
          )}
        </Stack>
      </Stack>
    </Box>
  );
};
