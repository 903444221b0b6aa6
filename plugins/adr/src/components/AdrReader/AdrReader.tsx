import {
  Link,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { AdrLink, AdrRecord } from '@golden-path/plugin-adr-common';
import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { adrApiRef } from '../../api/AdrApi';
import { adrLabel } from '../adrLabel';
import { AdrMarkdown } from '../AdrMarkdown/AdrMarkdown';
import { AdrStatusChip } from '../AdrStatusChip/AdrStatusChip';
import { PeopleList } from '../PeopleList/PeopleList';
import { AdrHrefBuilder, useAdrHref } from './readerLinks';

/** A link to another ADR, or its text alone when the backend could not resolve it. */
const AdrLinkText = (props: { link: AdrLink; href: AdrHrefBuilder }) => {
  const { link, href } = props;
  const label = adrLabel(link);
  if (link.entityRef && link.path) {
    return <Link to={href(link.entityRef, link.path)}>{label}</Link>;
  }
  return (
    <span data-testid="adr-unresolved-link" title="Not found in the ADR index">
      {label}
    </span>
  );
};

const sameAdr = (link: AdrLink, adr: AdrRecord) =>
  link.entityRef === adr.entityRef && link.path === adr.path;

/** The supersede chain, oldest first, with this ADR highlighted. */
const SupersedeChain = (props: { adr: AdrRecord; href: AdrHrefBuilder }) => {
  const { adr, href } = props;

  return (
    <Box component="section" aria-labelledby="adr-chain-heading">
      <Typography id="adr-chain-heading" variant="h6" component="h3">
        Supersede chain
      </Typography>
      <Box component="ol" aria-label="Supersede chain" sx={{ pl: 3, my: 1 }}>
        {adr.chain.map((link, index) => {
          const current = sameAdr(link, adr);
          const step = current ? adr : link;
          return (
            <Box
              component="li"
              key={`${link.entityRef}:${link.path}:${link.target}:${index}`}
              aria-current={current ? 'step' : undefined}
              sx={{
                py: 0.5,
                fontWeight: current ? 700 : undefined,
                bgcolor: current ? 'action.selected' : undefined,
                borderRadius: 1,
                px: 1,
              }}
            >
              <Stack direction="row" spacing={1} alignItems="center">
                {current ? (
                  <span>{adrLabel(link)} (this ADR)</span>
                ) : (
                  <AdrLinkText link={link} href={href} />
                )}
                <AdrStatusChip
                  status={step.status}
                  statusRaw={step.statusRaw}
                  stale={current && adr.staleProposed}
                />
              </Stack>
            </Box>
          );
        })}
      </Box>
    </Box>
  );
};

const LinkList = (props: {
  label: string;
  links: AdrLink[];
  href: AdrHrefBuilder;
}) => {
  const { label, links, href } = props;
  if (links.length === 0) return null;
  return (
    <Typography variant="body2" component="div" aria-label={label}>
      <strong>{label}:</strong>{' '}
      {links.map((link, index) => (
        <span key={`${link.target}:${index}`}>
          {index > 0 && ', '}
          <AdrLinkText link={link} href={href} />
        </span>
      ))}
    </Typography>
  );
};

const People = (props: { label: string; names: string[] }) =>
  props.names.length === 0 ? null : (
    <Typography variant="body2">
      <strong>{props.label}:</strong> <PeopleList names={props.names} />
    </Typography>
  );

/** Shows one loaded ADR. */
export const AdrDocument = (props: { adr: AdrRecord }) => {
  const { adr } = props;
  const href = useAdrHref();
  const isHttp = /^https?:\/\//i.test(adr.sourceLocation);

  return (
    <Stack spacing={2} component="article" aria-label={adrLabel(adr)}>
      <Stack spacing={1}>
        <Typography variant="h5" component="h2">
          {adrLabel(adr)}
        </Typography>
        <Stack
          direction="row"
          spacing={2}
          alignItems="center"
          flexWrap="wrap"
          useFlexGap
        >
          <AdrStatusChip
            status={adr.status}
            statusRaw={adr.statusRaw}
            stale={adr.staleProposed}
          />
          <Typography variant="body2">
            Date: {adr.date ?? 'not given'}
          </Typography>
          <Typography variant="body2" component="span">
            Entity: <EntityRefLink entityRef={adr.entityRef} />
          </Typography>
          {isHttp && (
            <Link
              to={adr.sourceLocation}
              target="_blank"
              rel="noopener noreferrer"
            >
              View source
            </Link>
          )}
        </Stack>
        <People label="Decision makers" names={adr.decisionMakers} />
        <People label="Consulted" names={adr.consulted} />
        <People label="Informed" names={adr.informed} />
        <LinkList label="Supersedes" links={adr.supersedes} href={href} />
        <LinkList label="Superseded by" links={adr.supersededBy} href={href} />
      </Stack>
      {adr.warnings.length > 0 && (
        <WarningPanel
          severity="warning"
          defaultExpanded
          title="Parts of this ADR could not be read"
        >
          <ul>
            {adr.warnings.map(warning => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </WarningPanel>
      )}
      {adr.chain.length > 1 && <SupersedeChain adr={adr} href={href} />}
      <Divider />
      <AdrMarkdown
        body={withoutLeadingTitle(adr.body, adr.title)}
        entityRef={adr.entityRef}
        path={adr.path}
        adrHref={(path, hash) => href(adr.entityRef, path, hash)}
      />
    </Stack>
  );
};

/**
 * The body without a first-line `# Title` that repeats the ADR's title: the
 * reader's own heading already shows it (with the number).
 */
export function withoutLeadingTitle(body: string, title: string | null) {
  const match = /^\s*# ([^\n]*)(\n|$)/.exec(body);
  if (!match || !title) return body;
  const words = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  return words(match[1]).endsWith(words(title))
    ? body.slice(match[0].length)
    : body;
}

/**
 * Props of {@link AdrReader}.
 * @public
 */
export type AdrReaderProps = {
  entityRef: string;
  /** The ADR's path relative to the entity's ADR folder. */
  path: string;
};

/**
 * Loads and shows one ADR: title, status, people, warnings, supersede chain
 * and the body rendered as untrusted markdown.
 * @public
 */
export const AdrReader = (props: AdrReaderProps) => {
  const { entityRef, path } = props;
  const adrApi = useApi(adrApiRef);
  const { value, loading, error } = useAsync(
    () => adrApi.getAdr(entityRef, path),
    [adrApi, entityRef, path],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return <AdrDocument adr={value} />;
};
