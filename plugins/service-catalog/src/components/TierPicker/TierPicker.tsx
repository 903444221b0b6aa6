import {
  DefaultEntityFilters,
  EntityAutocompletePicker,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_TIER,
  isTierName,
} from '@golden-path/plugin-golden-path-common';
import { useTierTable } from '../../hooks/useTierTable';
import { EntityTierFilter } from './EntityTierFilter';

/** The catalog's filters, with the tier. */
export type TierEntityFilters = DefaultEntityFilters & {
  tier?: EntityTierFilter;
};

/** The "Tier" filter of the catalog index page, with counts per tier. */
export const TierPicker = () => {
  // With a broken tier table the raw tier names are shown; the entity card
  // and the Services page explain the error.
  const { tiers } = useTierTable();
  return (
    <EntityAutocompletePicker<TierEntityFilters, 'tier'>
      label="Tier"
      name="tier"
      path={`metadata.annotations.${ANNOTATION_TIER}`}
      Filter={EntityTierFilter}
      showCounts
      getOptionLabel={option =>
        tiers && isTierName(option) ? tiers[option].title : option
      }
    />
  );
};
