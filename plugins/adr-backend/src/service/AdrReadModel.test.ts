import { AdrFolderReader } from './AdrFolderReader';
import { AdrReadModel } from './AdrReadModel';
import { AdrStore } from '../database/AdrStore';

describe('AdrReadModel', () => {
  it('computes the stale cutoff from staleProposedDays', () => {
    const readModel = new AdrReadModel({
      store: {} as AdrStore,
      folderReader: {} as AdrFolderReader,
      staleProposedDays: 10,
      now: () => new Date('2024-03-11T12:00:00Z'),
    });
    expect(readModel.staleCutoff()).toBe('2024-03-01');
  });
});
