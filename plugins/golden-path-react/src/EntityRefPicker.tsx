import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { entityName } from './entityName';
import type { FacetCount } from './facetCounts';

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
 * each with its count. A selected ref that is not among the options (from a
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
  return (
    <Autocomplete
      multiple
      size="small"
      sx={{ minWidth }}
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
