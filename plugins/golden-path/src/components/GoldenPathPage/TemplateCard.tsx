import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { TemplateDrift, TemplateVersionDrift } from '../../api/types';
import { plural } from '../driftWords';
import { formatVersionDate } from '../formatVersionDate';
import { ChangeList } from '../ChangeList';

/** Current, supported or unsupported, as a small chip. */
const VersionState = (props: { version: TemplateVersionDrift }) => {
  const { version } = props;
  if (version.current) {
    return <Chip size="small" color="success" label="Current" />;
  }
  return version.supported ? (
    <Chip size="small" variant="outlined" label="Supported" />
  ) : (
    <Chip size="small" variant="outlined" color="error" label="Unsupported" />
  );
};

const VersionEntry = (props: { version: TemplateVersionDrift }) => {
  const { version } = props;
  return (
    <Stack
      spacing={0.5}
      component="li"
      data-testid="template-version"
      data-version={version.version}
    >
      <Stack
        direction="row"
        spacing={1}
        alignItems="center"
        flexWrap="wrap"
        useFlexGap
      >
        <Typography variant="subtitle1" component="h4" fontWeight={600}>
          v{version.version}
        </Typography>
        <VersionState version={version} />
        {version.date && (
          <Typography variant="body2" color="text.secondary">
            {formatVersionDate(version.date)}
          </Typography>
        )}
        <Typography
          variant="body2"
          sx={{ ml: 'auto' }}
          data-testid="template-version-services"
        >
          {plural(version.services, 'service')} on it
        </Typography>
      </Stack>
      <ChangeList changes={version.changes} testId="template-version-changes" />
    </Stack>
  );
};

/**
 * One golden-path template: its current version, the range still
 * supported, and every version newest first with its date, changelog
 * entries and how many of the shown services are on it.
 */
export const TemplateCard = (props: { template: TemplateDrift }) => {
  const { template } = props;
  return (
    <Card
      variant="outlined"
      component="section"
      aria-label={template.title}
      data-testid="template-card"
      data-template-ref={template.ref}
      sx={{ height: '100%' }}
    >
      <CardContent>
        <Stack spacing={1.5}>
          <Stack spacing={0.5}>
            <Typography variant="h6" component="h3">
              <EntityRefLink entityRef={template.ref} hideIcon>
                {template.title}
              </EntityRefLink>
            </Typography>
            <Typography variant="body2" data-testid="template-current-version">
              {template.currentVersion
                ? `Current version v${template.currentVersion}`
                : 'Current version not known'}
            </Typography>
            <Typography variant="body2" data-testid="template-supported-range">
              {template.supportedRange ? (
                <>
                  Supported versions: <code>{template.supportedRange}</code>
                </>
              ) : (
                'Every version is supported'
              )}
            </Typography>
          </Stack>
          {template.error && (
            <Alert severity="warning" data-testid="template-error">
              {template.error}
            </Alert>
          )}
          <Divider />
          <Stack
            component="ol"
            spacing={2}
            aria-label={`Versions of ${template.title}`}
            sx={{ listStyle: 'none', m: 0, p: 0 }}
          >
            {template.versions.map(version => (
              <VersionEntry key={version.version} version={version} />
            ))}
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
};
