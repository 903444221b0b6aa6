import {
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { fakeEntityPresentationApi } from '../../__fixtures__/fakeEntityPresentationApi';
import { AdrSearchResultListItem } from './AdrSearchResultListItem';

const document = {
  title: 'ADR 0002: Use Kafka for events',
  text: 'We publish order events through an outbox.',
  location: '/adrs/component/default/payments/0002-use-kafka.md',
  entityRef: 'component:default/payments',
  status: 'accepted',
  owner: 'group:default/team-payments',
  system: 'system:default/payments-core',
  date: '2024-03-01',
};

async function renderItem(
  props: Parameters<typeof AdrSearchResultListItem>[0],
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[[entityPresentationApiRef, fakeEntityPresentationApi()]]}
    >
      <AdrSearchResultListItem {...props} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('AdrSearchResultListItem', () => {
  it('links the title to the reader and names the entity and owner by title', async () => {
    await renderItem({ result: document });
    expect(
      screen.getByRole('link', { name: 'ADR 0002: Use Kafka for events' }),
    ).toHaveAttribute('href', document.location);
    expect(
      screen.getByText('We publish order events through an outbox.'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Payments service')).toBeInTheDocument();
    expect(screen.getByText('Payments team')).toBeInTheDocument();
    expect(screen.getByText('accepted')).toBeInTheDocument();
    expect(screen.getByTestId('adr-search-result').textContent).not.toMatch(
      /group:|component:/,
    );
  });

  it('shows the highlighted words of the match', async () => {
    await renderItem({
      result: document,
      highlight: {
        preTag: '<em>',
        postTag: '</em>',
        fields: { text: 'through an <em>outbox</em>.', title: document.title },
      },
    });
    expect(screen.getByText('outbox').tagName).toBe('MARK');
  });

  it('shows "unknown" for an ADR without a status', async () => {
    const withoutStatus = { ...document, status: 'unknown' };
    await renderItem({ result: withoutStatus });
    expect(screen.getByText('unknown')).toBeInTheDocument();
  });

  it('renders nothing without a result', async () => {
    await renderItem({});
    expect(screen.queryByTestId('adr-search-result')).toBeNull();
  });
});
