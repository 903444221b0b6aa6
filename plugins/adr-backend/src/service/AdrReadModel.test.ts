import { AdrFolderReader } from './AdrFolderReader';
import { AdrReadModel } from './AdrReadModel';
import { AdrStore } from '../database/AdrStore';
import { createAdrIndexSnapshot } from './AdrIndex';
import { mockServices } from '@backstage/backend-test-utils';

describe('AdrReadModel', () => {
  it('computes the stale cutoff from staleProposedDays', () => {
    const readModel = new AdrReadModel({
      store: {} as AdrStore,
      index: createAdrIndexSnapshot({
        cache: mockServices.cache.mock(),
        store: {} as AdrStore,
      }),
      folderReader: {} as AdrFolderReader,
      staleProposedDays: 10,
      now: () => new Date('2024-03-11T12:00:00Z'),
    });
    expect(readModel.staleCutoff()).toBe('2024-03-01');
  });
});
