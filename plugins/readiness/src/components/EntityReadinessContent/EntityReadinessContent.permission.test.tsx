import { screen, within } from '@testing-library/react';
import {
  checkItem,
  renderReadinessTab,
} from '../../__testUtils__/renderReadinessTab';

// Its own file: usePermission caches the answer for the whole module.
describe('EntityReadinessContent without the attest permission', () => {
  it('shows no attest button, and says why', async () => {
    await renderReadinessTab({ allowAttest: false });
    await screen.findByTestId('readiness-header');
    // Once the permission answer is in, the check says why there is no button.
    expect(
      await within(checkItem('failover-drill')).findByTestId(
        'attest-not-allowed',
      ),
    ).toHaveTextContent('Only the owners of this service can attest it.');
    expect(screen.queryByTestId('attest-button')).toBeNull();
  });
});
