import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { burnDown } from '../../__fixtures__/fakeSloApi';
import { BudgetBurnDownChart } from './BudgetBurnDownChart';

// The chart itself (axes, pointer readout, cut values) is tested with
// TimeSeriesChart in golden-path-react; this tests what the SLO card gives it.
describe('BudgetBurnDownChart', () => {
  it('draws the remaining budget with the full and spent lines, events in its table', async () => {
    await renderInTestApp(
      <BudgetBurnDownChart
        sloName="orders-availability"
        points={burnDown([1, 0.9, null, 0.7, 0.5])}
        window={{ start: '2026-03-01T00:00:00Z', end: '2026-03-31T00:00:00Z' }}
      />,
    );
    const chart = screen.getByTestId('burn-down-chart');
    expect(
      within(chart).getByRole('img', {
        name: 'Error budget remaining of orders-availability: 100 % on 2026-03-01, 50 % on 2026-03-01 (4 hourly points)',
      }),
    ).toBeInTheDocument();
    expect(within(chart).getByTestId('burn-down-line')).toHaveAttribute(
      'data-points',
      '4',
    );
    expect(chart.querySelector('[data-line="budget"]')).not.toBeNull();
    expect(within(chart).getByText('full budget')).toBeInTheDocument();
    expect(within(chart).getByText('budget spent')).toBeInTheDocument();
    expect(chart.querySelector('[data-band="overspent"]')).toBeNull();
    const table = within(chart).getByRole('table', {
      name: 'Burn-down data of orders-availability',
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(c => c.textContent),
    ).toEqual(['Day (UTC)', 'Budget remaining', 'Events', 'Bad events']);
    expect(
      within(within(table).getAllByRole('row')[1])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['2026-03-01', '50 %', '5,000', '1']);
  });

  it('shades the overspent part on a round axis, cut at −100 %', async () => {
    await renderInTestApp(
      <BudgetBurnDownChart sloName="x" points={burnDown([1, -0.31])} />,
    );
    const axis = screen.getByRole('img');
    expect(within(axis).getByText('overspent')).toBeInTheDocument();
    expect(within(axis).getByText('−50 %')).toBeInTheDocument();
    expect(within(axis).queryByText('−31 %')).toBeNull();
  });

  it('says when values are cut at −100 %', async () => {
    await renderInTestApp(
      <BudgetBurnDownChart sloName="x" points={burnDown([1, -4])} />,
    );
    expect(screen.getByText('≤ −100 %')).toBeInTheDocument();
    expect(
      screen.getByText('Values below −100 % are drawn at the bottom edge.'),
    ).toBeInTheDocument();
  });

  it('says there is no data yet without values', async () => {
    await renderInTestApp(
      <BudgetBurnDownChart sloName="x" points={burnDown([null])} />,
    );
    expect(
      screen.getByText('No burn-down data for x in this window yet.'),
    ).toBeInTheDocument();
  });
});
