import { Entity } from '@backstage/catalog-model';
import Typography from '@mui/material/Typography';
import {
  ANNOTATION_TIER,
  isTierName,
} from '@golden-path/plugin-golden-path-common';
import { useTierTable } from '../../hooks/useTierTable';
import { TierBadge } from '../TierBadge/TierBadge';

/** The entity's tier annotation as a trimmed string; undefined when absent or not a string. */
export function readTierAnnotation(entity: Entity): string | undefined {
  const value: unknown = entity.metadata.annotations?.[ANNOTATION_TIER];
  if (typeof value !== 'string') {
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The tier cell of the catalog table: the tier badge; "missing" (warning)
 * without a tier; a muted "—" for a value that is not a tier.
 */
export const TierCell = (props: { entity: Entity }) => {
  // With a broken tier table the raw tier name is shown; the entity card and
  // the Services page explain the error.
  const { tiers } = useTierTable();
  const raw: unknown = props.entity.metadata.annotations?.[ANNOTATION_TIER];
  const tier = readTierAnnotation(props.entity);

  if (isTierName(tier)) {
    return tiers ? (
      <TierBadge tier={tier} tiers={tiers} />
    ) : (
      <span data-testid={`tier-name-${tier}`}>{tier}</span>
    );
  }
  if (tier === undefined && (raw === undefined || typeof raw === 'string')) {
    return (
      <Typography
        variant="body2"
        component="span"
        color="warning.main"
        data-testid="tier-missing"
      >
        missing
      </Typography>
    );
  }
  const shown = typeof raw === 'string' ? raw : JSON.stringify(raw);
  return (
    <Typography
      variant="body2"
      component="span"
      color="text.secondary"
      title={`Unknown tier: ${shown}`}
      data-testid="tier-unknown"
    >
      —
    </Typography>
  );
};
