import TableCell from '@mui/material/TableCell';
import TableSortLabel from '@mui/material/TableSortLabel';

/**
 * Props of {@link SortableHeader}.
 * @public
 */
export type SortableHeaderProps<K extends string> = {
  column: K;
  label: string;
  /** The table's current sort column and order. */
  sort: K | undefined;
  order: 'asc' | 'desc';
  /** The order a first click on this column sorts by (e.g. worst first). */
  firstOrder: 'asc' | 'desc';
  onSort: (sort: K, order: 'asc' | 'desc') => void;
};

/**
 * A column header that sorts the table: a first click sorts by
 * `firstOrder`, the next ones flip it; `aria-sort` says how it is sorted.
 * @public
 */
export function SortableHeader<K extends string>(
  props: SortableHeaderProps<K>,
) {
  const { column, label, sort, order, firstOrder, onSort } = props;
  const active = sort === column;
  let ariaSort: 'ascending' | 'descending' | undefined;
  if (active) ariaSort = order === 'asc' ? 'ascending' : 'descending';
  return (
    <TableCell aria-sort={ariaSort} sortDirection={active ? order : false}>
      <TableSortLabel
        active={active}
        direction={active ? order : firstOrder}
        onClick={() => {
          if (!active) onSort(column, firstOrder);
          else onSort(column, order === 'asc' ? 'desc' : 'asc');
        }}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );
}
