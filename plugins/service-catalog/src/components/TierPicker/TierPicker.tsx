import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  DefaultEntityFilters,
  EntityAutocompletePicker,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_TIER,
  isTierName,
  readTierTable,
} from '@golden-path/plugin-golden-path-common';
import { useMemo } from 'react';
import { EntityTierFilter } from './EntityTierFilter';

/** The catalog's filters, with the tier. */
export type TierEntityFilters = DefaultEntityFilters & {
  tier?: EntityTierFilter;
};

/** The "Tier" filter of the catalog index page, with counts per tier. */
export const TierPicker = () => {
  const config = useApi(configApiRef);
  const tiers = useMemo(() => {
    try {
      return readTierTable(config);
    } catch {
      return undefined; // the entity card explains a broken tier table
    }
  }, [config]);
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
