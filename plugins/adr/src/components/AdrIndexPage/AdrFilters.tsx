import { useEffect, useRef, useState } from 'react';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import type { AdrStatusCounts } from '@golden-path/plugin-adr-common';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import type { AdrFacets, AdrFacetValue } from '@golden-path/plugin-adr-common';
import { AdrListView, STATUS_FILTERS } from './adrListSearchParams';

/** Typing in a text filter waits this long before it queries the backend. */
const DEBOUNCE_MS = 300;

/** "team-payments" for "group:default/team-payments"; the raw value when it is not a ref. */
export function entityName(ref: string, defaultKind: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind });
  } catch {
    return ref;
  }
}

const DebouncedTextField = (props: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) => {
  const { label, value = '', onChange } = props;
  const [text, setText] = useState(value);
  // The latest callback, so a parent re-render does not restart the timer.
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  // The URL may change under us (back button, "Clear filters").
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return undefined;
    const timer = setTimeout(
      () => onChangeRef.current(text || undefined),
      DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <TextField
      size="small"
      label={label}
      value={text}
      onChange={event => setText(event.target.value)}
    />
  );
};

const RefPicker = (props: {
  label: string;
  kind: string;
  options: AdrFacetValue[];
  value: string[];
  onChange: (value: string[]) => void;
}) => {
  const { label, kind, options, value, onChange } = props;
  const counts = new Map(options.map(o => [o.value, o.count]));
  return (
    <Autocomplete
      multiple
      size="small"
      sx={{ minWidth: 220 }}
      options={options.map(o => o.value)}
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

/** The org page filters; every change goes straight into the URL. */
export const AdrFilters = (props: {
  view: AdrListView;
  counts: AdrStatusCounts | undefined;
  facets: AdrFacets | undefined;
  staleProposedDays: number;
  filtered: boolean;
  onChange: (filters: AdrListView['filters']) => void;
}) => {
  const { view, counts, facets, staleProposedDays, filtered, onChange } = props;
  const { filters } = view;
  const set = (patch: Partial<AdrListView['filters']>) =>
    onChange({ ...filters, ...patch });

  return (
    <Stack spacing={2} component="section" aria-label="Filters">
      <Stack
        direction="row"
        spacing={1}
        flexWrap="wrap"
        useFlexGap
        role="group"
        aria-label="Status"
      >
        {STATUS_FILTERS.map(status => {
          const selected = filters.status.includes(status);
          return (
            <Chip
              key={status}
              clickable
              aria-pressed={selected}
              color={selected ? 'primary' : 'default'}
              variant={selected ? 'filled' : 'outlined'}
              label={`${status} ${counts?.[status] ?? 0}`}
              onClick={() =>
                set({
                  status: selected
                    ? filters.status.filter(s => s !== status)
                    : [...filters.status, status],
                })
              }
            />
          );
        })}
      </Stack>
      <Stack direction="row" spacing={2} flexWrap="wrap" useFlexGap>
        <RefPicker
          label="Owner team"
          kind="group"
          options={facets?.owners ?? []}
          value={filters.owner}
          onChange={owner => set({ owner })}
        />
        <RefPicker
          label="System"
          kind="system"
          options={facets?.systems ?? []}
          value={filters.system}
          onChange={system => set({ system })}
        />
        <TextField
          size="small"
          type="date"
          label="From"
          InputLabelProps={{ shrink: true }}
          value={filters.from ?? ''}
          onChange={event => set({ from: event.target.value || undefined })}
        />
        <TextField
          size="small"
          type="date"
          label="To"
          InputLabelProps={{ shrink: true }}
          value={filters.to ?? ''}
          onChange={event => set({ to: event.target.value || undefined })}
        />
        <DebouncedTextField
          label="Decision maker"
          value={filters.decisionMaker}
          onChange={decisionMaker => set({ decisionMaker })}
        />
        <DebouncedTextField
          label="Search"
          value={filters.q}
          onChange={q => set({ q })}
        />
        <FormControlLabel
          control={
            <Switch
              checked={Boolean(filters.stale)}
              onChange={event =>
                set({ stale: event.target.checked ? true : undefined })
              }
            />
          }
          label={`Only proposed > ${staleProposedDays} days`}
        />
        {filtered && (
          <Button
            onClick={() => onChange({ status: [], owner: [], system: [] })}
          >
            Clear filters
          </Button>
        )}
      </Stack>
    </Stack>
  );
};
