import {
  DEFAULT_TIER_TABLE,
  ServiceChoices,
  TIER_NAMES,
  TierName,
} from '@golden-path/plugin-golden-path-common';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { EntityRefPicker } from './EntityRefPicker';
import { ToggleChipGroup } from './ToggleChipGroup';

/**
 * The filters every Golden Path org page has.
 * @public
 */
export type ServiceFilterValues = {
  owner: string[];
  system: string[];
  tier: TierName[];
};

/**
 * The owner team and system pickers (their `choices`, counted over every
 * service the user may read: `serviceChoices(rows)` from
 * golden-path-common, or the `choices` a paged org API answers) and the
 * tier chips of an org page, with "Clear filters" when `filtered`.
 * @public
 */
export function ServiceFilters<F extends ServiceFilterValues>(props: {
  filters: F;
  choices: ServiceChoices;
  /** Tier titles when app-config renames tiers. */
  tierTitles?: Partial<Record<string, string>>;
  filtered: boolean;
  onChange: (filters: F) => void;
  /** What "Clear filters" sets. */
  cleared: F;
}) {
  const { filters, choices, tierTitles, filtered, onChange, cleared } = props;
  const set = (patch: Partial<ServiceFilterValues>) =>
    onChange({ ...filters, ...patch });
  return (
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
          label: tierTitles?.[tier] ?? DEFAULT_TIER_TABLE[tier].title,
        }))}
        selected={filters.tier}
        onChange={tier => set({ tier })}
      />
      {filtered && (
        <Button onClick={() => onChange(cleared)}>Clear filters</Button>
      )}
    </Stack>
  );
}
