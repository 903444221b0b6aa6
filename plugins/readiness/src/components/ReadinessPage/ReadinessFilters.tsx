import {
  ServiceFilters,
  ToggleChipGroup,
} from '@golden-path/plugin-golden-path-react';
import {
  CATEGORY_TITLES,
  READINESS_CATEGORIES,
  ReadinessOverview,
} from '@golden-path/plugin-readiness-common';
import Stack from '@mui/material/Stack';
import { NO_FILTERS, ReadinessPageFilters } from './readinessPageSearchParams';

const NO_CHOICES = { owner: [], system: [] };

/**
 * The page filters (owner team, system, tier, category); every change goes
 * into the URL. The owner and system choices come with the overview (every
 * service the user may read, whatever the filters).
 */
export const ReadinessFilters = (props: {
  filters: ReadinessPageFilters;
  choices?: ReadinessOverview['choices'];
  filtered: boolean;
  onChange: (filters: ReadinessPageFilters) => void;
}) => {
  const { filters, choices, filtered, onChange } = props;
  const set = (patch: Partial<ReadinessPageFilters>) =>
    onChange({ ...filters, ...patch });
  return (
    <Stack spacing={1} component="section" aria-label="Filters">
      <ServiceFilters
        filters={filters}
        choices={choices ?? NO_CHOICES}
        filtered={filtered}
        onChange={onChange}
        cleared={NO_FILTERS}
      />
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
