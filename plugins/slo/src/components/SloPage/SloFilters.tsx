import {
  DEFAULT_TIER_TABLE,
  TIER_NAMES,
} from '@golden-path/plugin-golden-path-common';
import {
  EntityRefPicker,
  ToggleChipGroup,
} from '@golden-path/plugin-golden-path-react';
import type { SloOverview } from '@golden-path/plugin-slo-common';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import type { SloPageView } from './sloPageSearchParams';

const CLEARED: SloPageView['filters'] = { owner: [], system: [], tier: [] };

/**
 * The page filters (owner team, system, tier), as every Golden Path org
 * page has them; the owner and system choices are the backend's counts over
 * every service the user may read (`choices` of the overview), so a second
 * owner can be added to a filtered page. Every change goes into the URL.
 */
export const SloFilters = (props: {
  view: SloPageView;
  choices: SloOverview['choices'];
  tierTitles: Partial<Record<string, string>>;
  filtered: boolean;
  onChange: (filters: SloPageView['filters']) => void;
}) => {
  const { view, choices, tierTitles, filtered, onChange } = props;
  const { filters } = view;
  const set = (patch: Partial<SloPageView['filters']>) =>
    onChange({ ...filters, ...patch });
  return (
    <section aria-label="Filters">
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
          options={choices.owner}
          value={filters.owner}
          onChange={owner => set({ owner })}
        />
        <EntityRefPicker
          label="System"
          kind="system"
          options={choices.system}
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
          <Button onClick={() => onChange(CLEARED)}>Clear filters</Button>
        )}
      </Stack>
    </section>
  );
};
