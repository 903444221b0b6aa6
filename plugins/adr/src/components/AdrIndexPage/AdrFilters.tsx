import { useEffect, useRef, useState } from 'react';
import type { AdrStatusCounts } from '@golden-path/plugin-adr-common';
import {
  EntityRefPicker,
  ToggleChipGroup,
} from '@golden-path/plugin-golden-path-react';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import type { AdrFacets } from '@golden-path/plugin-adr-common';
import { AdrListView, STATUS_FILTERS } from './adrListSearchParams';

/** Typing in a text filter waits this long before it queries the backend. */
const DEBOUNCE_MS = 300;

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
      <ToggleChipGroup
        label="Status"
        options={STATUS_FILTERS.map(status => ({
          value: status,
          label: `${status} ${counts?.[status] ?? 0}`,
        }))}
        selected={filters.status}
        onChange={status => set({ status })}
      />
      <Stack direction="row" spacing={2} flexWrap="wrap" useFlexGap>
        <EntityRefPicker
          minWidth={220}
          label="Owner team"
          kind="group"
          options={facets?.owners ?? []}
          value={filters.owner}
          onChange={owner => set({ owner })}
        />
        <EntityRefPicker
          minWidth={220}
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
