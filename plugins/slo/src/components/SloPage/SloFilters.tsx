import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import {
  DEFAULT_TIER_TABLE,
  TIER_NAMES,
} from '@golden-path/plugin-golden-path-common';
import type { SloServiceRow } from '@golden-path/plugin-slo-common';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { SloPageView } from './sloPageSearchParams';

/** "team-payments" for "group:default/team-payments"; the raw value when it is not a ref. */
function entityName(ref: string, defaultKind: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind });
  } catch {
    return ref;
  }
}

/** Each distinct value with how many services have it, most common first. */
export function facetCounts(
  services: SloServiceRow[],
  key: 'owner' | 'system',
): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const service of services) {
    const value = service[key];
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

const RefPicker = (props: {
  label: string;
  kind: string;
  options: Array<{ value: string; count: number }>;
  value: string[];
  onChange: (value: string[]) => void;
}) => {
  const { label, kind, options, value, onChange } = props;
  const counts = new Map(options.map(o => [o.value, o.count]));
  // A value from a shared URL stays selectable even when no service has it.
  const values = [
    ...options.map(o => o.value),
    ...value.filter(v => !counts.has(v)),
  ];
  return (
    <Autocomplete
      multiple
      size="small"
      sx={{ minWidth: 240 }}
      options={values}
      value={value}
      onChange={(_, next) => onChange(next)}
      getOptionLabel={ref => entityName(ref, kind)}
      renderOption={(optionProps, ref) => (
        <li {...optionProps} key={ref}>
          {entityName(ref, kind)}
          {counts.has(ref) ? ` (${counts.get(ref)})` : ''}
        </li>
      )}
      renderInput={params => <TextField {...params} label={label} />}
    />
  );
};

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
      <RefPicker
        label="Owner team"
        kind="group"
        options={facetCounts(services, 'owner')}
        value={filters.owner}
        onChange={owner => set({ owner })}
      />
      <RefPicker
        label="System"
        kind="system"
        options={facetCounts(services, 'system')}
        value={filters.system}
        onChange={system => set({ system })}
      />
      <Stack
        direction="row"
        spacing={1}
        role="group"
        aria-label="Tier"
        flexWrap="wrap"
        useFlexGap
      >
        {TIER_NAMES.map(tier => {
          const selected = filters.tier.includes(tier);
          return (
            <Chip
              key={tier}
              clickable
              aria-pressed={selected}
              color={selected ? 'primary' : 'default'}
              variant={selected ? 'filled' : 'outlined'}
              label={tierTitles[tier] ?? DEFAULT_TIER_TABLE[tier].title}
              onClick={() =>
                set({
                  tier: selected
                    ? filters.tier.filter(t => t !== tier)
                    : [...filters.tier, tier],
                })
              }
            />
          );
        })}
      </Stack>
      {filtered && (
        <Button onClick={() => onChange({ owner: [], system: [], tier: [] })}>
          Clear filters
        </Button>
      )}
    </Stack>
  );
};
