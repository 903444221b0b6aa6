import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';

/**
 * One chip of a {@link ToggleChipGroup}.
 * @public
 */
export type ToggleChipOption<T extends string> = {
  value: T;
  label: string;
};

/**
 * Props of {@link ToggleChipGroup}.
 * @public
 */
export type ToggleChipGroupProps<T extends string> = {
  /** The group's accessible name, e.g. "Tier". */
  label: string;
  options: ReadonlyArray<ToggleChipOption<T>>;
  /** The values switched on; none means no filter. */
  selected: ReadonlyArray<T>;
  onChange: (selected: T[]) => void;
};

/**
 * A row of chips, each switching one value of a filter on or off
 * (`aria-pressed`), keeping the order of `options`.
 * @public
 */
export function ToggleChipGroup<T extends string>(
  props: ToggleChipGroupProps<T>,
) {
  const { label, options, selected, onChange } = props;
  return (
    <Stack
      direction="row"
      spacing={1}
      role="group"
      aria-label={label}
      flexWrap="wrap"
      useFlexGap
    >
      {options.map(option => {
        const on = selected.includes(option.value);
        return (
          <Chip
            key={option.value}
            clickable
            aria-pressed={on}
            color={on ? 'primary' : 'default'}
            variant={on ? 'filled' : 'outlined'}
            label={option.label}
            onClick={() =>
              onChange(
                on
                  ? selected.filter(v => v !== option.value)
                  : options
                      .map(o => o.value)
                      .filter(v => v === option.value || selected.includes(v)),
              )
            }
          />
        );
      })}
    </Stack>
  );
}
