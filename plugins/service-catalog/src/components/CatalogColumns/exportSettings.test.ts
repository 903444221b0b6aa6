import { resolveExportSettings } from './exportSettings';

describe('resolveExportSettings', () => {
  const xml = { exporter: jest.fn(), label: 'XML' };
  const yaml = { exporter: jest.fn() };
  const columns = [{ entityFilterKey: 'metadata.name', title: 'Name' }];
  const otherColumns = [{ entityFilterKey: 'spec.owner' }];

  it('leaves the export off unless enabled in config', () => {
    expect(resolveExportSettings(undefined, [{ columns }])).toBeUndefined();
    expect(
      resolveExportSettings({ enabled: false }, [{ columns }]),
    ).toBeUndefined();
  });

  it('keeps the config and merges what export-config extensions add', () => {
    const onSuccess = jest.fn();
    expect(
      resolveExportSettings({ enabled: true, disableBuiltinExporters: true }, [
        { exporters: { xml }, columns },
        undefined,
        { exporters: { yaml }, columns: otherColumns, onSuccess },
      ]),
    ).toEqual({
      enabled: true,
      disableBuiltinExporters: true,
      exporters: { xml, yaml },
      columns,
      onSuccess,
    });
  });

  it('is the config alone without contributions', () => {
    expect(resolveExportSettings({ enabled: true }, [])).toEqual({
      enabled: true,
    });
  });
});
