import {
  DEFAULT_TIER_TABLE,
  TIER_NAMES,
} from '@golden-path/plugin-golden-path-common';
import {
  EntityRefPicker,
  facetCounts,
  ToggleChipGroup,
} from '@golden-path/plugin-golden-path-react';
import {
  CATEGORY_TITLES,
  READINESS_CATEGORIES,
  ReadinessServiceRow,
} from '@golden-path/plugin-readiness-common';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { NO_FILTERS, ReadinessPageFilters } from './readinessPageSearchParams';

/**
 * The page filters (owner team, system, tier, category); every change goes
 * into the URL.
 */
export const ReadinessFilters = (props: {
  filters: ReadinessPageFilters;
  services: ReadonlyArray<ReadinessServiceRow>;
  filtered: boolean;
  onChange: (filters: ReadinessPageFilters) => void;
}) => {
  const { filters, services, filtered, onChange } = props;
  const set = (patch: Partial<ReadinessPageFilters>) =>
    onChange({ ...filters, ...patch });
  return (
    <Stack spacing={1} component="section" aria-label="Filters">
      <Stack
        direction="row"
        spacing={2}
        flexWrap="wrap"
        useFlexGap
        alignItems="center"
      >
        <EntityRefPicker
          label="Owner team"
          kind="group"
          options={facetCounts(services, 'owner')}
          value={filters.owner}
          onChange={owner => set({ owner })}
        />
        <EntityRefPicker
          label="System"
          kind="system"
          options={facetCounts(services, 'system')}
          value={filters.system}
          onChange={system => set({ system })}
        />
        <ToggleChipGroup
          label="Tier"
          options={TIER_NAMES.map(tier => ({
            value: tier,
            label: DEFAULT_TIER_TABLE[tier].title,
          }))}
          selected={filters.tier}
          onChange={tier => set({ tier })}
        />
        {filtered && (
          <Button onClick={() => onChange(NO_FILTERS)}>Clear filters</Button>
        )}
      </Stack>
      <ToggleChipGroup
        label="Category"
        options={READINESS_CATEGORIES.map(category => ({
          value: category,
          label: CATEGORY_TITLES[category],
        }))}
        selected={filters.category}
        onChange={category => set({ category })}
      />
    </Stack>
  );
};
