import { apiExplorerColumns } from './apiExplorerColumns';

describe('apiExplorerColumns', () => {
  const columns = apiExplorerColumns();
  const visible = columns.filter(column => !column.hidden);

  it('keeps the name, system, owner, type and lifecycle columns, sized by their content', () => {
    expect(visible.map(column => column.field)).toEqual([
      'resolved.entityRef',
      'resolved.partOfSystemRelationTitle',
      'resolved.ownedByRelationsTitle',
      'entity.spec.type',
      'entity.spec.lifecycle',
    ]);
    for (const column of visible) {
      expect(column.width).toBe('auto');
      expect(column.headerStyle).toMatchObject({ whiteSpace: 'nowrap' });
    }
  });

  it('wraps names, systems and owners between words only', () => {
    for (const column of visible.slice(0, 3)) {
      expect(column.cellStyle).toMatchObject({
        wordBreak: 'normal',
        overflowWrap: 'normal',
      });
    }
  });

  it('hides the description and tags columns but still searches them', () => {
    const hidden = columns.filter(
      column =>
        column.field === 'entity.metadata.description' ||
        column.field === 'entity.metadata.tags',
    );
    expect(hidden).toHaveLength(2);
    for (const column of hidden) {
      expect(column).toMatchObject({ hidden: true, searchable: true });
    }
  });
});
