import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import type {
  AdrChainStep,
  AdrLink,
  AdrStatus,
} from '@golden-path/plugin-adr-common';
import { adrApiRef } from '../../api/AdrApi';
import { createFakeAdrApi, record } from '../../__fixtures__/fakeAdrApi';
import { AdrReader, withoutLeadingTitle } from './AdrReader';
import { AdrHrefProvider, orgReaderHref } from './readerLinks';

const entityRef = 'component:default/payments';
const link = (
  number: number,
  title: string,
  path: string,
  status: AdrStatus,
): AdrChainStep => ({
  entityRef,
  path,
  number,
  title,
  target: path,
  status,
  statusRaw: status,
  date: null,
});

const first = record({
  path: '0001-use-rabbitmq.md',
  number: 1,
  title: 'Use RabbitMQ',
  status: 'superseded',
});
const middle = record({
  path: '0004-use-kafka.md',
  number: 4,
  title: 'Use Kafka',
  status: 'superseded',
});
const newest = record({
  path: '0009-use-managed-kafka.md',
  number: 9,
  title: 'Use managed Kafka',
  status: 'accepted',
});
const chain = [
  link(1, 'Use RabbitMQ', first.path, 'superseded'),
  link(4, 'Use Kafka', middle.path, 'superseded'),
  link(9, 'Use managed Kafka', newest.path, 'accepted'),
];
const unresolved: AdrLink = {
  entityRef: null,
  path: null,
  number: null,
  title: null,
  target: '0000-lost-decision.md',
};
const reading = {
  ...middle,
  chain,
  supersedes: [chain[0], unresolved],
  supersededBy: [chain[2]],
  decisionMakers: ['Ann Architect', 'Bo Builder'],
  consulted: ['Platform team'],
  informed: ['Everyone'],
  warnings: ['The date "sometime" is not a date'],
  body: '# Decision\n\nWe use Kafka.',
};

async function renderReader(adr = reading) {
  const api = createFakeAdrApi({ records: [first, adr, newest] });
  await renderInTestApp(
    <TestApiProvider apis={[[adrApiRef, api]]}>
      <AdrHrefProvider value={orgReaderHref('/adrs')}>
        <AdrReader entityRef={entityRef} path={adr.path} />
      </AdrHrefProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return api;
}

describe('AdrReader', () => {
  it('shows the title, status, people, warnings and a view source link', async () => {
    await renderReader();
    expect(
      await screen.findByRole('heading', { name: 'ADR-0004 Use Kafka' }),
    ).toBeInTheDocument();
    const article = screen.getByRole('article', { name: 'ADR-0004 Use Kafka' });
    expect(within(article).getAllByText('superseded').length).toBeGreaterThan(
      0,
    );
    expect(screen.getByText('Date: 2024-01-10')).toBeInTheDocument();
    expect(screen.getByText(/Ann Architect, Bo Builder/)).toBeInTheDocument();
    expect(screen.getByText(/Platform team/)).toBeInTheDocument();
    expect(
      screen.getByText('Warning: Parts of this ADR could not be read'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The date "sometime" is not a date'),
    ).toBeInTheDocument();
    expect(screen.getByText('View source')).toHaveAttribute(
      'href',
      'https://git.example.com/payments/docs/adr/0004-use-kafka.md',
    );
    expect(
      screen.getByRole('heading', { name: 'Decision' }),
    ).toBeInTheDocument();
  });

  it('shows the supersede chain oldest first, this ADR highlighted, others linked with their status', async () => {
    await renderReader();
    const chainList = await screen.findByRole('list', {
      name: 'Supersede chain',
    });
    const steps = within(chainList).getAllByRole('listitem');
    expect(
      steps.map(step =>
        step.textContent?.replace(/(superseded|accepted)$/, ''),
      ),
    ).toEqual([
      'ADR-0001 Use RabbitMQ',
      'ADR-0004 Use Kafka (this ADR)',
      'ADR-0009 Use managed Kafka',
    ]);
    expect(steps[1]).toHaveAttribute('aria-current', 'step');
    expect(within(steps[1]).queryByRole('link')).toBeNull();
    expect(within(steps[0]).getByRole('link')).toHaveAttribute(
      'href',
      '/adrs/component/default/payments/0001-use-rabbitmq.md',
    );
    expect(within(steps[2]).getByRole('link')).toHaveAttribute(
      'href',
      '/adrs/component/default/payments/0009-use-managed-kafka.md',
    );
    expect(await within(steps[2]).findByText('accepted')).toBeInTheDocument();
    expect(await within(steps[0]).findByText('superseded')).toBeInTheDocument();
  });

  it('links Supersedes / Superseded by, and shows an unresolved link as text', async () => {
    await renderReader();
    const supersedes = await screen.findByLabelText('Supersedes');
    expect(
      within(supersedes).getByText('ADR-0001 Use RabbitMQ'),
    ).toHaveAttribute(
      'href',
      '/adrs/component/default/payments/0001-use-rabbitmq.md',
    );
    const lost = within(supersedes).getByText('0000-lost-decision.md');
    expect(lost.closest('a')).toBeNull();
    const supersededBy = screen.getByLabelText('Superseded by');
    expect(
      within(supersededBy).getByText('ADR-0009 Use managed Kafka'),
    ).toHaveAttribute(
      'href',
      '/adrs/component/default/payments/0009-use-managed-kafka.md',
    );
  });

  it('hides the chain for a standalone ADR and source links that are not http(s)', async () => {
    await renderReader({
      ...reading,
      chain: [chain[1]],
      supersedes: [],
      supersededBy: [],
      sourceLocation: 'file:/srv/repo/docs/adr/0004-use-kafka.md',
    });
    await screen.findByRole('heading', { name: 'ADR-0004 Use Kafka' });
    expect(screen.queryByText('Supersede chain')).toBeNull();
    expect(screen.queryByText('View source')).toBeNull();
  });

  it('shows the error when the ADR cannot be loaded', async () => {
    const api = createFakeAdrApi({ records: [] });
    await renderInTestApp(
      <TestApiProvider apis={[[adrApiRef, api]]}>
        <AdrReader entityRef={entityRef} path="missing.md" />
      </TestApiProvider>,
    );
    expect(
      (await screen.findAllByText(/No ADR missing.md/)).length,
    ).toBeGreaterThan(0);
  });
});

describe('withoutLeadingTitle', () => {
  it('drops a first-line H1 that repeats the title, nothing else', () => {
    expect(
      withoutLeadingTitle('# 3. Use Kafka\n\n## Status\n', 'Use Kafka'),
    ).toBe('\n## Status\n');
    expect(withoutLeadingTitle('\n\n# Title', 'Title')).toBe('');
    expect(withoutLeadingTitle('# Decision\n\nText', 'Use Kafka')).toBe(
      '# Decision\n\nText',
    );
    expect(withoutLeadingTitle('Intro\n# Title', 'Title')).toBe(
      'Intro\n# Title',
    );
    expect(withoutLeadingTitle('# Title', null)).toBe('# Title');
  });
});
