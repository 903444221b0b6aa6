import {
  CopyTextButton,
  InfoCard,
  MarkdownContent,
  Progress,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { RiFileLine, RiFolderLine, RiLinksLine } from '@remixicon/react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { repositoryClient, TreeEntry } from './repositoryApi';

const dateFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function parentOf(path: string) {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

const ErrorMessage = (props: { error: Error }) => (
  <Alert severity="warning">{props.error.message}</Alert>
);

const ICONS = {
  folder: RiFolderLine,
  submodule: RiFolderLine,
  link: RiLinksLine,
  file: RiFileLine,
};

const EntryIcon = (props: { type: TreeEntry['type'] }) => {
  const Icon = ICONS[props.type];
  return <Icon size={18} aria-hidden style={{ verticalAlign: 'middle' }} />;
};

const FileView = (props: {
  loading: boolean;
  error?: Error;
  file?: {
    path: string;
    size: number;
    binary: boolean;
    truncated: boolean;
    text?: string;
  };
}) => {
  if (props.loading) return <Progress />;
  if (props.error) return <ErrorMessage error={props.error} />;
  const file = props.file;
  if (!file) return null;
  if (file.binary) {
    return (
      <Typography variant="body2">
        A binary file of {formatSize(file.size)}; clone the repository to open
        it.
      </Typography>
    );
  }
  const lines = (file.text ?? '').replace(/\n$/, '').split('\n');
  return (
    <Stack spacing={1}>
      <Typography variant="caption" color="text.secondary">
        {lines.length} lines · {formatSize(file.size)}
        {file.truncated ? ' · only the first 512 KB are shown' : ''}
      </Typography>
      <Box
        component="pre"
        aria-label={`Content of ${file.path}`}
        sx={{
          m: 0,
          p: 1,
          fontSize: '0.8rem',
          lineHeight: 1.5,
          bgcolor: 'action.hover',
          borderRadius: 1,
          whiteSpace: 'pre-wrap',
          overflowWrap: 'anywhere',
          counterReset: 'line',
        }}
      >
        {lines.map((line, index) => (
          <Box
            component="span"
            key={index}
            sx={{
              display: 'block',
              pl: '4.5em',
              textIndent: '-4.5em',
              '&::before': {
                counterIncrement: 'line',
                content: 'counter(line)',
                display: 'inline-block',
                width: '3.5em',
                mr: '1em',
                textAlign: 'right',
                color: 'text.disabled',
                userSelect: 'none',
              },
            }}
          >
            {line || ' '}
          </Box>
        ))}
      </Box>
    </Stack>
  );
};

/**
 * The Repository tab of an entity the portal's templates created: the
 * clone command, the branches, and a read-only view of folders and files.
 * The place in the repository is kept in the URL (`?branch=&path=&file=`),
 * so a view can be linked to.
 */
export const RepositoryContent = () => {
  const { entity } = useEntity();
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const entityRef = getCompoundEntityRef(entity);
  const client = useMemo(
    () => repositoryClient(discoveryApi, fetchApi, entityRef),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      discoveryApi,
      fetchApi,
      entityRef.kind,
      entityRef.namespace,
      entityRef.name,
    ],
  );
  const [searchParams, setSearchParams] = useSearchParams();
  const branchParam = searchParams.get('branch') ?? undefined;
  const file = searchParams.get('file') ?? '';
  const folder = file ? parentOf(file) : searchParams.get('path') ?? '';

  const summary = useAsync(
    () => client.summary(branchParam),
    [client, branchParam],
  );
  const branch = branchParam ?? summary.value?.defaultBranch;

  const tree = useAsync(async () => {
    if (!summary.value) return undefined;
    return client.tree(folder, branchParam);
  }, [client, summary.value, folder, branchParam]);

  const content = useAsync(async () => {
    if (!summary.value) return undefined;
    if (file) return client.file(file, branchParam);
    const readme = tree.value?.entries.find(
      e => e.type === 'file' && /^readme\.md$/i.test(e.name),
    );
    return readme ? client.file(readme.path, branchParam) : undefined;
  }, [client, summary.value, file, branchParam, tree.value]);

  const go = (place: { path?: string; file?: string; branch?: string }) => {
    const next: Record<string, string> = {};
    const nextBranch = place.branch ?? branchParam;
    if (nextBranch) next.branch = nextBranch;
    if (place.file) next.file = place.file;
    else if (place.path) next.path = place.path;
    setSearchParams(next);
  };

  if (summary.loading) return <Progress />;
  if (summary.error) return <ErrorMessage error={summary.error} />;
  const repo = summary.value!;
  const cloneCommand = `git clone ${repo.cloneUrl}`;
  const segments = (file || folder).split('/').filter(Boolean);

  return (
    <Stack spacing={3}>
      <InfoCard title={`Repository ${repo.name}`}>
        <Stack spacing={2}>
          <Stack
            direction={{ xs: 'column', md: 'row' }}
            spacing={2}
            alignItems={{ md: 'center' }}
          >
            <TextField
              select
              size="small"
              label="Branch"
              value={branch}
              onChange={e => go({ branch: e.target.value, path: folder })}
              sx={{ minWidth: 220 }}
            >
              {repo.branches.map(b => (
                <MenuItem key={b} value={b}>
                  {b}
                  {b === repo.defaultBranch ? ' (default)' : ''}
                </MenuItem>
              ))}
            </TextField>
            <Typography variant="body2" color="text.secondary">
              Last commit: <strong>{repo.head.message.split('\n')[0]}</strong>{' '}
              by {repo.head.author} on{' '}
              {dateFormat.format(new Date(repo.head.date))}
            </Typography>
          </Stack>
          <Box>
            <Typography variant="subtitle2" component="h3" gutterBottom>
              Clone it
            </Typography>
            <Stack direction="row" spacing={1} alignItems="center">
              <Box
                component="code"
                sx={{
                  flex: 1,
                  p: 1,
                  borderRadius: 1,
                  bgcolor: 'action.hover',
                  fontSize: '0.85rem',
                  overflowWrap: 'anywhere',
                }}
              >
                {cloneCommand}
              </Box>
              <CopyTextButton
                text={cloneCommand}
                tooltipText="Clone command copied"
                aria-label="Copy the clone command"
              />
            </Stack>
            <Typography variant="caption" color="text.secondary">
              Read only. The link works until{' '}
              {dateFormat.format(new Date(repo.cloneUrlExpiresAt))}; this page
              always shows a current one.
            </Typography>
          </Box>
        </Stack>
      </InfoCard>

      <InfoCard
        title={
          <Breadcrumbs aria-label="Place in the repository">
            {segments.length === 0 ? (
              <Typography color="text.primary">{repo.name}</Typography>
            ) : (
              <Link component="button" onClick={() => go({ path: '' })}>
                {repo.name}
              </Link>
            )}
            {segments.map((segment, index) => {
              const path = segments.slice(0, index + 1).join('/');
              return index === segments.length - 1 ? (
                <Typography key={path} color="text.primary">
                  {segment}
                </Typography>
              ) : (
                <Link
                  key={path}
                  component="button"
                  onClick={() => go({ path })}
                >
                  {segment}
                </Link>
              );
            })}
          </Breadcrumbs>
        }
      >
        {file ? (
          <FileView
            loading={content.loading}
            error={content.error}
            file={content.value}
          />
        ) : (
          <>
            {tree.loading && <Progress />}
            {tree.error && <ErrorMessage error={tree.error} />}
            {tree.value && (
              <Table size="small" aria-label="Files">
                <TableBody>
                  {folder && (
                    <TableRow>
                      <TableCell>
                        <Link
                          component="button"
                          onClick={() => go({ path: parentOf(folder) })}
                        >
                          ..
                        </Link>
                      </TableCell>
                    </TableRow>
                  )}
                  {tree.value.entries.map(entry => (
                    <TableRow key={entry.path} hover>
                      <TableCell>
                        <Stack direction="row" spacing={1} alignItems="center">
                          <EntryIcon type={entry.type} />
                          {entry.type === 'submodule' ? (
                            <span>{entry.name} (submodule)</span>
                          ) : (
                            <Link
                              component="button"
                              sx={{ textAlign: 'left' }}
                              onClick={() =>
                                entry.type === 'folder'
                                  ? go({ path: entry.path })
                                  : go({ file: entry.path })
                              }
                            >
                              {entry.name}
                            </Link>
                          )}
                        </Stack>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </>
        )}
      </InfoCard>

      {!file && content.value?.text !== undefined && (
        <InfoCard title={content.value.path.split('/').pop()}>
          <MarkdownContent content={content.value.text} dialect="gfm" />
        </InfoCard>
      )}
    </Stack>
  );
};
