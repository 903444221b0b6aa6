import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogUnprocessedEntitiesApiRef } from '@backstage/plugin-catalog-unprocessed-entities';
import { screen } from '@testing-library/react';
import { UnprocessedEntitiesPage } from './UnprocessedEntitiesPage';

describe('UnprocessedEntitiesPage', () => {
  it('shows the Failed and Pending tabs without a second page heading', async () => {
    const api = {
      failed: jest.fn(async () => ({ type: 'failed', entities: [] })),
      pending: jest.fn(async () => ({ type: 'pending', entities: [] })),
      delete: jest.fn(),
    };
    await renderInTestApp(<UnprocessedEntitiesPage />, {
      apis: [[catalogUnprocessedEntitiesApiRef, api as any]],
    });
    expect(
      await screen.findByText('No failed entities found'),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Failed' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Pending' })).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Unprocessed Entities' }),
    ).not.toBeInTheDocument();
    expect(api.failed).toHaveBeenCalled();
  });
});
