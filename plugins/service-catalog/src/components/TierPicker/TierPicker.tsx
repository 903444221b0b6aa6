import { useApi } from '@backstage/core-plugin-api';
import {
  CatalogAutocomplete,
  catalogApiRef,
  DefaultEntityFilters,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import {
  ANNOTATION_TIER,
  DEFAULT_TIER_TABLE,
  isTierName,
  TIER_NAMES,
} from '@golden-path/plugin-golden-path-common';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useTierTable } from '../../hooks/useTierTable';
import { EntityTierFilter, NO_TIER } from './EntityTierFilter';

/** The catalog's filters, with the tier. */
export type TierEntityFilters = DefaultEntityFilters & {
  tier?: EntityTierFilter;
};

const TIER_FIELD = `metadata.annotations.${ANNOTATION_TIER}`;

/** How many entities of the selected kind have each tier value, and how many have none. */
export type TierCounts = { byValue: Record<string, number>; none: number };

/**
 * The options of the picker: the tiers in tier order (strictest first), then
 * values that are not tiers, then "No tier"; only those some entity has, plus
 * the selected ones (a link may name a tier no entity has any more).
 */
export function tierOptions(counts: TierCounts, selected: string[]): string[] {
  const present = new Set([
    ...Object.entries(counts.byValue)
      .filter(([, count]) => count > 0)
      .map(([value]) => value),
    ...(counts.none > 0 ? [NO_TIER] : []),
    ...selected,
  ]);
  const unknown = [...present]
    .filter(value => value !== NO_TIER && !isTierName(value))
    .sort((a, b) => a.localeCompare(b));
  return [
    ...TIER_NAMES.filter(tier => present.has(tier)),
    ...unknown,
    ...(present.has(NO_TIER) ? [NO_TIER] : []),
  ];
}

/**
 * The "Tier" filter of the catalog index page: the tiers in tier order with
 * their titles ("Best effort") and counts, and "No tier" for entities without
 * the annotation. Kept in the URL (`?filters[tier]=critical&filters[tier]=none`)
 * and filtered by the catalog backend. Hidden when no entity of the selected
 * kind has a tier (groups, users...).
 */
export const TierPicker = () => {
  const { tiers } = useTierTable();
  const catalogApi = useApi(catalogApiRef);
  const {
    filters,
    updateFilters,
    queryParameters: { tier: tierParameter },
  } = useEntityList<TierEntityFilters>();
  const kind = filters.kind?.value;

  const fromUrl = useMemo(
    () => [tierParameter].flat().filter((v): v is string => !!v),
    [tierParameter],
  );
  const [selected, setSelected] = useState<string[]>(
    fromUrl.length ? fromUrl : filters.tier?.values ?? [],
  );
  useEffect(() => {
    if (fromUrl.length) setSelected(fromUrl);
  }, [fromUrl]);

  const { value: counts } = useAsync(async (): Promise<TierCounts> => {
    const filter: Record<string, string> = kind ? { kind } : {};
    const [{ facets }, { totalItems }] = await Promise.all([
      catalogApi.getEntityFacets({ facets: [TIER_FIELD], filter }),
      catalogApi.queryEntities({ filter, limit: 0 }),
    ]);
    const byValue = Object.fromEntries(
      (facets[TIER_FIELD] ?? []).map(({ value, count }) => [value, count]),
    );
    const tiered = Object.values(byValue).reduce((sum, n) => sum + n, 0);
    return { byValue, none: Math.max(0, totalItems - tiered) };
  }, [catalogApi, kind]);

  const hasTiers =
    counts === undefined || Object.keys(counts.byValue).length > 0;
  const active = hasTiers && selected.length > 0;
  useEffect(() => {
    updateFilters({
      tier: active ? new EntityTierFilter(selected) : undefined,
    });
  }, [active, selected, updateFilters]);

  if (!counts || !hasTiers) {
    return null;
  }

  const label = (value: string) => {
    if (value === NO_TIER) return 'No tier';
    if (isTierName(value)) return (tiers ?? DEFAULT_TIER_TABLE)[value].title;
    return value;
  };
  const count = (value: string) =>
    value === NO_TIER ? counts.none : counts.byValue[value] ?? 0;

  return (
    <CatalogAutocomplete<string, true>
      label="Tier"
      name="tier-picker"
      multiple
      disableCloseOnSelect
      options={tierOptions(counts, selected)}
      value={selected}
      onChange={(_event, values) => setSelected(values)}
      getOptionLabel={label}
      renderOption={(option, { selected: checked }) => (
        <FormControlLabel
          control={<Checkbox size="small" checked={checked} />}
          label={`${label(option)} (${count(option)})`}
          onClick={event => event.preventDefault()}
        />
      )}
    />
  );
};
