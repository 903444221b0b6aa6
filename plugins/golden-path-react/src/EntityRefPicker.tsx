import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import type { FacetCount } from './facetCounts';
import { useEntityTitles } from './useEntityTitles';

/**
 * Props of {@link EntityRefPicker}.
 * @public
 */
export type EntityRefPickerProps = {
  /** The field's label, e.g. "Owner team". */
  label: string;
  /** The kind left out of the shown names, e.g. `group`. */
  kind: string;
  /** The refs to offer, with their counts. */
  options: FacetCount[];
  /** The selected refs. */
  value: string[];
  onChange: (value: string[]) => void;
  minWidth?: number;
};

/**
 * A multiple-choice picker of entity refs (owner teams, systems...) showing
 * each by its title (the ref in a tooltip) with its count. A selected ref that is not among the options (from a
 * shared URL, say) stays shown and can be removed.
 * @public
 */
export const EntityRefPicker = (props: EntityRefPickerProps) => {
  const { label, kind, options, value, onChange, minWidth = 240 } = props;
  const counts = new Map(options.map(o => [o.value, o.count]));
  const values = [
    ...options.map(o => o.value),
    ...value.filter(v => !counts.has(v)),
  ];
  const titles = useEntityTitles(values, kind);
  const titleOf = (ref: string) => titles.get(ref) ?? ref;
  return (
    <Autocomplete
      multiple
      size="small"
      sx={{ minWidth }}
      options={values}
      value={value}
      onChange={(_, next) => onChange(next)}
      getOptionLabel={titleOf}
      renderOption={(optionProps, ref) => (
        <li {...optionProps} key={ref} title={ref}>
          {titleOf(ref)}
          {counts.has(ref) ? ` (${counts.get(ref)})` : ''}
        </li>
      )}
      renderInput={params => <TextField {...params} label={label} />}
    />
  );
};
