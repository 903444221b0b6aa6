import { useParams } from 'react-router-dom';
import { Content, Header, Link, Page } from '@backstage/core-components';
import Stack from '@mui/material/Stack';
import { AdrReader } from './AdrReader';

/**
 * The org page's reader at `/adrs/:kind/:namespace/:name/*`, where `*` is
 * the ADR's path relative to the entity's ADR folder.
 */
export const AdrReaderPage = (props: { listPath: string }) => {
  const { kind, namespace, name, '*': path } = useParams();
  const listHref = props.listPath || '/';
  const entityRef = `${kind}:${namespace}/${name}`;
  return (
    <Page themeId="tool">
      <Header title="Architecture Decision Record" subtitle={entityRef} />
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
    </Page>
  );
};
