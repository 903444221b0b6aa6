import {
  DEFAULT_TIER_TABLE,
  TIER_NAMES,
} from '@golden-path/plugin-golden-path-common';
import {
  EntityRefPicker,
  facetCounts,
  ToggleChipGroup,
} from '@golden-path/plugin-golden-path-react';
import type { SloServiceRow } from '@golden-path/plugin-slo-common';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import type { SloPageView } from './sloPageSearchParams';

/** The page filters (owner team, system, tier); every change goes into the URL. */
export const SloFilters = (props: {
  view: SloPageView;
  services: SloServiceRow[];
  tierTitles: Partial<Record<string, string>>;
  filtered: boolean;
  onChange: (filters: SloPageView['filters']) => void;
}) => {
  const { view, services, tierTitles, filtered, onChange } = props;
  const { filters } = view;
  const set = (patch: Partial<SloPageView['filters']>) =>
    onChange({ ...filters, ...patch });
  return (
    <Stack
      direction="row"
      spacing={2}
      flexWrap="wrap"
      useFlexGap
      alignItems="center"
      component="section"
      aria-label="Filters"
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
          label: tierTitles[tier] ?? DEFAULT_TIER_TABLE[tier].title,
        }))}
        selected={filters.tier}
        onChange={tier => set({ tier })}
      />
      {filtered && (
        <Button onClick={() => onChange({ owner: [], system: [], tier: [] })}>
          Clear filters
        </Button>
      )}
    </Stack>
  );
};
