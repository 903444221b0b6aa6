import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import type {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** The fields Backstage's catalog collator indexes besides title and text. */
type CatalogSearchDocument = SearchDocument & {
  kind?: string;
  type?: string;
  lifecycle?: string;
  owner?: string;
};

/** The owner as a full ref (`group:default/team-checkout`), if it parses. */
function ownerRef(owner: string): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * A catalog entity in the search results, as Backstage's own item shows it
 * (title linked to the entity, matching text, kind, type, lifecycle, owner),
 * but with the owner named by its title: the collator indexes `spec.owner`
 * as written (`team-checkout`, `group:team-platform`).
 */
export const CatalogSearchResultItem = (props: {
  result?: SearchDocument;
  highlight?: ResultHighlight;
  icon?: ReactNode;
  noTrack?: boolean;
}) => {
  const { highlight, icon, noTrack } = props;
  const result = props.result as CatalogSearchDocument | undefined;
  if (!result) return null;
  const owner = result.owner ? ownerRef(result.owner) : undefined;
  const highlighted = (field: 'title' | 'text', plain: string) =>
    highlight?.fields[field] ? (
      <HighlightedSearchResultText
        text={highlight.fields[field]}
        preTag={highlight.preTag}
        postTag={highlight.postTag}
      />
    ) : (
      plain
    );
  return (
    <Box display="flex" style={{ gap: 16 }} py={1}>
      {icon && <Box color="text.secondary">{icon}</Box>}
      <Box minWidth={0}>
        <Typography variant="h6" component="div">
          <Link noTrack={noTrack} to={result.location}>
            {highlighted('title', result.title)}
          </Link>
        </Typography>
        <Typography
          variant="body2"
          color="textSecondary"
          component="div"
          style={{
            display: '-webkit-box',
            WebkitBoxOrient: 'vertical',
            WebkitLineClamp: 3,
            overflow: 'hidden',
          }}
        >
          {highlighted('text', result.text)}
        </Typography>
        <Box mt={1} display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {result.kind && <Chip size="small" label={`Kind: ${result.kind}`} />}
          {result.type && <Chip size="small" label={`Type: ${result.type}`} />}
          {result.lifecycle && (
            <Chip size="small" label={`Lifecycle: ${result.lifecycle}`} />
          )}
          {result.owner && (
            <Chip
              size="small"
              data-testid="catalog-search-owner"
              label={
                <>
                  Owner:{' '}
                  {owner ? (
                    <EntityDisplayName entityRef={owner} hideIcon />
                  ) : (
                    result.owner
                  )}
                </>
              }
            />
          )}
        </Box>
      </Box>
    </Box>
  );
};
