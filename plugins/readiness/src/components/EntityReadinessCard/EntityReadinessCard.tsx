import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DEFAULT_TIER_TABLE } from '@golden-path/plugin-golden-path-common';
import type { ReadinessEntityDetail } from '@golden-path/plugin-readiness-common';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../api/ReadinessApi';
import { isReadinessAvailable } from '../../isReadinessAvailable';
import { LevelBadge } from '../LevelBadge/LevelBadge';
import { levelAwaited, STATUS_TEXT } from '../StatusLabel/StatusLabel';
import { useReadinessTabLink } from '../useReadinessTabLink';

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

const Summary = (props: { detail: ReadinessEntityDetail }) => {
  const { detail } = props;
  const failing = detail.checks.filter(
    r => r.outcome === 'fail' || r.outcome === 'error',
  ).length;
  const tier = detail.tier ? DEFAULT_TIER_TABLE[detail.tier].title : null;
  return (
    <Stack
      spacing={1.5}
      data-testid="readiness-card-summary"
      data-meets-required={detail.meetsRequired}
      data-status={detail.status}
    >
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap">
        <LevelBadge
          level={detail.level}
          size="medium"
          awaiting={levelAwaited(detail)}
        />
        {detail.tier && (
          <>
            <Typography variant="body2" color="text.secondary">
              required
            </Typography>
            <span data-testid="required-level">
              <LevelBadge level={detail.requiredLevel} />
            </span>
          </>
        )}
      </Stack>
      <Typography
        variant="body2"
        fontWeight={600}
        color={STATUS_TEXT[detail.status].color}
        data-testid="readiness-status"
      >
        {STATUS_TEXT[detail.status].long}
        {tier && detail.status !== 'awaiting' && ` (${tier})`}
      </Typography>
      {detail.status === 'no-tier' && (
        <Typography variant="body2" color="text.secondary">
          Set the golden-path.io/tier annotation to know which level it needs.
        </Typography>
      )}
      <Typography variant="body2">
        {detail.passed} of {detail.applicable} applicable checks pass
        {failing > 0 && ` · ${plural(failing, 'check')} failing`}
      </Typography>
    </Stack>
  );
};

/**
 * The small "Readiness" card of a component: its level badge against the
 * level its tier requires, passed/applicable checks, and a link to the
 * "Readiness" tab.
 * @public
 */
export const EntityReadinessCard = () => {
  const { entity } = useEntity();
  const readinessApi = useApi(readinessApiRef);
  const tabLink = useReadinessTabLink();
  const entityRef = stringifyEntityRef(entity);
  const available = isReadinessAvailable(entity);
  const { value, loading, error } = useAsync(
    async () =>
      available ? readinessApi.getEntityDetail(entityRef) : undefined,
    [readinessApi, entityRef, available],
  );

  let body;
  if (!available) {
    body = (
      <Typography variant="body2" color="text.secondary">
        Readiness is evaluated for components only.
      </Typography>
    );
  } else if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    body = (
      <Typography variant="body2" color="text.secondary">
        Not evaluated yet: the readiness backend has no evaluation of this
        component until the catalog has processed it.
      </Typography>
    );
  } else {
    body = <Summary detail={value} />;
  }

  return (
    <InfoCard
      title="Readiness"
      deepLink={
        available
          ? { title: 'View readiness checks', link: tabLink(entityRef) }
          : undefined
      }
    >
      {body}
    </InfoCard>
  );
};
