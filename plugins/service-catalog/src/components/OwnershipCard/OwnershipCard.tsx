import { ReactNode } from 'react';
import {
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InfoCard, Link, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityRefLinks,
  getEntityRelations,
  useEntity,
} from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import {
  ANNOTATION_DEPLOYMENT_STRATEGY,
  ANNOTATION_ON_CALL,
  ANNOTATION_RUNBOOK,
  ANNOTATION_TIER,
  isHttpUrl,
  isTierName,
  VALIDATION_ERROR_NAME,
} from '@golden-path/plugin-golden-path-common';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTierTable } from '../../hooks/useTierTable';
import { describeObjectives, TierBadge } from '../TierBadge/TierBadge';

type StatusItem = {
  level?: string;
  message?: string;
  error?: { name?: string };
};

const Row = (props: { label: string; children: ReactNode }) => (
  <Stack direction="row" spacing={2} alignItems="baseline">
    <Typography
      variant="body2"
      color="text.secondary"
      sx={{ minWidth: 96, fontWeight: 600 }}
    >
      {props.label}
    </Typography>
    <Typography variant="body2" component="div">
      {props.children}
    </Typography>
  </Stack>
);

const NotSet = () => (
  <Typography variant="body2" color="warning.main" component="span">
    Not set
  </Typography>
);

/** A link for URLs; anything else as plain text, never as a link. */
const MaybeLink = (props: { value?: string }) => {
  if (!props.value) return <NotSet />;
  return isHttpUrl(props.value) ? (
    <Link to={props.value}>{props.value}</Link>
  ) : (
    <span>{props.value}</span>
  );
};

/**
 * Who to escalate to after the on-call rota: the owning team's contact, then
 * its parent group, read from the catalog.
 */
const Escalation = (props: { ownerRef?: string }) => {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(async () => {
    if (!props.ownerRef) return undefined;
    const owner = await catalogApi.getEntityByRef(props.ownerRef);
    const parent = owner?.spec?.parent as string | undefined;
    return {
      email: (owner?.spec?.profile as { email?: string } | undefined)?.email,
      parentRef: parent
        ? stringifyEntityRef(
            parseEntityRef(parent, {
              defaultKind: 'group',
              defaultNamespace: 'default',
            }),
          )
        : undefined,
    };
  }, [catalogApi, props.ownerRef]);
  if (!props.ownerRef) return <NotSet />;
  if (loading) return <span>…</span>;
  if (error || !value) return <span>the owning team</span>;
  return (
    <span>
      {value.email ? (
        <Link to={`mailto:${value.email}`}>{value.email}</Link>
      ) : (
        'the owning team'
      )}
      {value.parentRef && (
        <>
          {' then '}
          <EntityRefLinks entityRefs={[value.parentRef]} defaultKind="group" />
        </>
      )}
    </span>
  );
};

/** "Ownership & operations": who owns and runs the entity, and its tier. */
export const OwnershipCard = () => {
  const { entity } = useEntity();
  const tierTable = useTierTable();

  const annotations = entity.metadata.annotations ?? {};
  const owners = getEntityRelations(entity, RELATION_OWNED_BY);
  const tier = annotations[ANNOTATION_TIER];
  const findings = (
    ((entity as any).status?.items ?? []) as StatusItem[]
  ).filter(item => item.error?.name === VALIDATION_ERROR_NAME);

  if (!tierTable.tiers) {
    return (
      <WarningPanel
        title="The tier table in app-config is invalid"
        message={tierTable.error?.message}
      />
    );
  }
  const { tiers } = tierTable;

  return (
    <InfoCard title="Ownership & operations">
      <Stack spacing={1.5}>
        <Row label="Owner">
          {owners.length ? (
            <EntityRefLinks entityRefs={owners} defaultKind="group" />
          ) : (
            <NotSet />
          )}
        </Row>
        <Row label="On call">
          <MaybeLink value={annotations[ANNOTATION_ON_CALL]} />
        </Row>
        <Row label="Runbook">
          <MaybeLink value={annotations[ANNOTATION_RUNBOOK]} />
        </Row>
        <Row label="Escalation">
          <Escalation ownerRef={owners[0] && stringifyEntityRef(owners[0])} />
        </Row>
        <Row label="Tier">
          {isTierName(tier) ? (
            <Stack direction="row" spacing={1} alignItems="center">
              <TierBadge tier={tier} tiers={tiers} />
              <span>{describeObjectives(tiers, tier)}</span>
            </Stack>
          ) : (
            <>{tier ? <span>{tier}</span> : <NotSet />}</>
          )}
        </Row>
        <Row label="Deployment">
          {annotations[ANNOTATION_DEPLOYMENT_STRATEGY] ? (
            <span>{annotations[ANNOTATION_DEPLOYMENT_STRATEGY]}</span>
          ) : (
            <NotSet />
          )}
          {isTierName(tier) && (
            <Typography
              variant="caption"
              color="text.secondary"
              component="div"
            >
              {tiers[tier].deploymentDescription}
            </Typography>
          )}
        </Row>
        {findings.map((finding, index) => (
          <Alert
            key={index}
            severity={finding.level === 'error' ? 'error' : 'warning'}
          >
            {finding.message}
          </Alert>
        ))}
      </Stack>
    </InfoCard>
  );
};
