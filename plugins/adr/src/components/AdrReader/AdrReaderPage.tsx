import { useParams } from 'react-router-dom';
import { Content, Header, Link, Page } from '@backstage/core-components';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import Stack from '@mui/material/Stack';
import { AdrReader } from './AdrReader';

/**
 * The org page's reader at `/adrs/:kind/:namespace/:name/*`, where `*` is
 * the ADR's path relative to the entity's ADR folder. The ADR names its
 * entity by title, with a link; `header` draws its own Backstage header
 * (legacy frontend system) with the entity's title as subtitle.
 */
export const AdrReaderPage = (props: {
  listPath: string;
  header?: boolean;
}) => {
  const { kind, namespace, name, '*': path } = useParams();
  const listHref = props.listPath || '/';
  const entityRef = `${kind}:${namespace}/${name}`;
  const content = (
    <Content>
      <Stack spacing={2}>
        <Link to={listHref}>← All decisions</Link>
        {path ? (
          <AdrReader entityRef={entityRef} path={path} />
        ) : (
          <Link to={listHref}>No ADR selected: back to the list</Link>
        )}
      </Stack>
    </Content>
  );
  if (!props.header) return content;
  return (
    <Page themeId="tool">
      <Header
        title="Architecture Decision Record"
        subtitle={<EntityDisplayName entityRef={entityRef} hideIcon />}
      />
      {content}
    </Page>
  );
};
