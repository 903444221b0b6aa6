import { screen, within } from '@testing-library/react';
import {
  checkItem,
  permissionRequests,
  renderReadinessTab,
} from '../../__testUtils__/renderReadinessTab';
import { createFakeReadinessApi } from '../../__fixtures__/fakeReadinessApi';

// Its own file: usePermission caches the answer for the whole module.
describe('EntityReadinessContent without the refresh permission on the component', () => {
  it('shows no Refresh now button, and asks about this component', async () => {
    await renderReadinessTab({ allowRefresh: false });
    const header = await screen.findByTestId('readiness-header');
    // Once the answers are in: the attest button shows (allowed), refresh not.
    expect(
      await within(checkItem('failover-drill')).findByTestId('attest-button'),
    ).toBeInTheDocument();
    expect(
      within(header).queryByRole('button', { name: 'Refresh now' }),
    ).toBeNull();
    expect(permissionRequests).toEqual(
      expect.arrayContaining([
        {
          name: 'readiness.entity.refresh',
          resourceRef: 'component:default/orders',
        },
        {
          name: 'readiness.attestation.create',
          resourceRef: 'component:default/orders',
        },
      ]),
    );
  });

  it('says what happens instead when the component is not evaluated yet', async () => {
    await renderReadinessTab({
      allowRefresh: false,
      api: createFakeReadinessApi({ detail: null }),
    });
    expect(
      await screen.findByText(/Its next scheduled collection evaluates it\./),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Refresh now' })).toBeNull();
  });
});
