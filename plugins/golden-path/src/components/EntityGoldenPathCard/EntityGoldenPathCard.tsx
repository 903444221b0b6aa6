import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ANNOTATION_TEMPLATE,
  goldenPathUpgradeCreatePermission,
} from '@golden-path/plugin-golden-path-common';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
import type {
  ServiceDrift,
  TemplateDrift,
  TemplateVersionDrift,
} from '../../api/types';
import { compareVersions } from '../compareVersions';
import {
  behindWords,
  chassisWords,
  DRIFT_STATUS_TEXT,
  versionWords,
} from '../driftWords';
import { formatVersionDate } from '../formatVersionDate';
import { ChangeList } from '../ChangeList';
import { upgradeLink } from '../upgradeLink';

/** The template's versions newer than the service's, newest first. */
export function versionsSince(
  template: TemplateDrift | undefined,
  version: string | undefined,
): TemplateVersionDrift[] {
  if (!template || !version) return [];
  return template.versions.filter(v => compareVersions(v.version, version) > 0);
}

/** "Supported version", or why not, in words; nothing when not known. */
function supportWords(
  service: ServiceDrift,
  template: TemplateDrift | undefined,
): string | undefined {
  if (service.supported === undefined) return undefined;
  if (service.supported) return 'Supported version';
  return template?.supportedRange
    ? `Unsupported version: the template supports ${template.supportedRange}`
    : 'Unsupported version';
}

const Fact = (props: {
  label: string;
  children: React.ReactNode;
  testId: string;
}) => (
  <Stack direction="row" spacing={1} component="div">
    <Typography
      variant="body2"
      color="text.secondary"
      component="dt"
      sx={{ minWidth: 120 }}
    >
      {props.label}
    </Typography>
    <Typography
      variant="body2"
      component="dd"
      sx={{ m: 0 }}
      data-testid={props.testId}
    >
      {props.children}
    </Typography>
  </Stack>
);

const Changes = (props: {
  versions: TemplateVersionDrift[];
  since: string;
}) => (
  <Stack spacing={1} data-testid="golden-path-changes">
    <Typography variant="subtitle2" component="h3">
      What changed since v{props.since}
    </Typography>
    {props.versions.map(version => (
      <Stack key={version.version} spacing={0.25}>
        <Typography variant="body2" fontWeight={600} component="h4">
          v{version.version}
          {version.date && (
            <Typography
              component="span"
              variant="body2"
              color="text.secondary"
              fontWeight={400}
            >
              {' '}
              · {formatVersionDate(version.date)}
            </Typography>
          )}
        </Typography>
        <ChangeList changes={version.changes} />
      </Stack>
    ))}
  </Stack>
);

const UpgradeButton = (props: { entityRef: string; version: string }) => {
  const { entityRef, version } = props;
  const permission = usePermission({
    permission: goldenPathUpgradeCreatePermission,
    resourceRef: entityRef,
  });
  const denied = !permission.loading && !permission.allowed;
  return (
    <Stack spacing={0.5} alignItems="flex-start">
      <Button
        variant="contained"
        // The router's own link: core-components' Link would colour the
        // label like a link, invisible on the contained button.
        component={RouterLink}
        to={upgradeLink(entityRef, version)}
        disabled={permission.loading || denied}
        data-testid="golden-path-upgrade"
      >
        Upgrade to v{version}
      </Button>
      {denied && (
        <Typography variant="body2" color="text.secondary">
          Only those allowed to upgrade this service (usually its owners) can
          start the upgrade.
        </Typography>
      )}
    </Stack>
  );
};

const Drift = (props: { service: ServiceDrift; template?: TemplateDrift }) => {
  const { service, template } = props;
  const status = DRIFT_STATUS_TEXT[service.status];
  const support = supportWords(service, template);
  const newer = versionsSince(template, service.version);
  return (
    <Stack
      spacing={2}
      data-testid="golden-path-card"
      data-status={service.status}
    >
      <Typography
        variant="body1"
        fontWeight={600}
        color={status.color}
        data-testid="golden-path-status"
      >
        {status.long}
      </Typography>
      <Stack component="dl" spacing={0.5} sx={{ m: 0 }}>
        <Fact label="Template" testId="golden-path-template">
          {service.templateRef ? (
            <EntityRefLink entityRef={service.templateRef} hideIcon>
              {service.templateTitle ?? template?.title}
            </EntityRefLink>
          ) : (
            '—'
          )}
        </Fact>
        <Fact label="On version" testId="golden-path-version">
          {versionWords(service.version)}
        </Fact>
        <Fact label="Latest version" testId="golden-path-latest">
          {versionWords(service.latestVersion ?? template?.currentVersion)}
        </Fact>
        <Fact label="Behind" testId="golden-path-behind">
          {behindWords(service.behind)}
        </Fact>
        <Fact label="Chassis" testId="golden-path-chassis">
          {chassisWords(service.chassisVersion)}
        </Fact>
        {support && (
          <Fact label="Support" testId="golden-path-support">
            {support}
          </Fact>
        )}
      </Stack>
      {service.error && (
        <Typography
          variant="body2"
          color="warning.main"
          data-testid="golden-path-error"
        >
          {service.error}
        </Typography>
      )}
      {service.version && newer.length > 0 && (
        <Changes versions={newer} since={service.version} />
      )}
      {service.upgradeable && service.latestVersion && (
        <UpgradeButton
          entityRef={service.entityRef}
          version={service.latestVersion}
        />
      )}
    </Stack>
  );
};

const NotFromTemplate = () => (
  <Stack
    spacing={1}
    data-testid="golden-path-card"
    data-status="not-from-template"
  >
    <Typography variant="body1" fontWeight={600}>
      Not created from a golden-path template
    </Typography>
    <Typography variant="body2" color="text.secondary">
      Services created with the portal&apos;s templates record the template and
      its version (<code>.golden-path/answers.yaml</code> in the repository, the{' '}
      <code>{ANNOTATION_TEMPLATE}</code> annotation), so they can be upgraded
      when the template changes.
    </Typography>
  </Stack>
);

/**
 * The "Golden path" card of a component: the template it was created
 * from, the version it is on against the latest one, how far behind it is,
 * its chassis version, what changed since its version, and "Upgrade to
 * vX" (the upgrade-service template with the service filled in).
 * Components not created from a template say so.
 * @public
 */
export const EntityGoldenPathCard = () => {
  const { entity } = useEntity();
  const goldenPathApi = useApi(goldenPathApiRef);
  const entityRef = stringifyEntityRef(entity);
  // Asked for every component: services created from a template's older
  // versions have no annotation, only the provenance record the backend reads.
  const { value, loading, error } = useAsync(
    async () => goldenPathApi.getEntityDrift(entityRef),
    [goldenPathApi, entityRef],
  );

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    body = (
      <Typography variant="body2" color="text.secondary">
        The golden-path view does not follow this component yet: it appears once
        the catalog has processed it.
      </Typography>
    );
  } else if (value.service.status === 'not-from-template') {
    body = <NotFromTemplate />;
  } else {
    body = <Drift service={value.service} template={value.template} />;
  }
  return <InfoCard title="Golden path">{body}</InfoCard>;
};
