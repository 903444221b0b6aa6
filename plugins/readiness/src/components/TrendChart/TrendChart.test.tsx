import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { overview, trendPoint } from '../../__fixtures__/fakeReadinessApi';
import { TrendChart } from './TrendChart';

// The chart itself (axes, pointer readout, dots) is tested with
// TimeSeriesChart in golden-path-react; this tests what readiness gives it.
describe('TrendChart', () => {
  it('draws a line per series with a legend and a data table', async () => {
    await renderInTestApp(<TrendChart trend={overview().trend} />);
    const chart = screen.getByTestId('readiness-trend-chart');
    expect(
      within(chart).getByRole('img', {
        name: 'Services meeting the level their tier requires: 1 of 3 on 2026-03-28, 2 of 3 on 2026-03-30 (3 days)',
      }),
    ).toBeInTheDocument();
    const lines = within(chart).getAllByTestId('chart-line');
    expect(lines).toHaveLength(6);
    lines.forEach(line => expect(line).toHaveAttribute('data-points', '3'));
    expect(
      within(screen.getByRole('list', { name: 'Legend' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Meeting required level',
      'Services',
      'Gold',
      'Silver',
      'Bronze',
      'None',
    ]);
    const table = within(chart).getByRole('table', { name: 'Trend data' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(
      within(rows[3])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['2026-03-30', '2', '3', '0', '1', '1', '1']);
  });

  it('still draws a single day, as dots', async () => {
    await renderInTestApp(
      <TrendChart
        trend={[
          trendPoint('2026-03-30', 4, {
            none: 1,
            bronze: 2,
            silver: 1,
            gold: 1,
          }),
        ]}
      />,
    );
    const chart = screen.getByTestId('readiness-trend-chart');
    expect(
      screen.getByRole('img', {
        name: 'Services meeting the level their tier requires: 4 of 5 on 2026-03-30 (1 day)',
      }),
    ).toBeInTheDocument();
    expect(chart.querySelectorAll('circle')).toHaveLength(6);
    expect(within(chart).getAllByRole('row')).toHaveLength(2);
  });

  it('says there is no trend yet without points', async () => {
    await renderInTestApp(<TrendChart trend={[]} />);
    expect(
      screen.getByText(
        'No trend yet: each day with an evaluation adds a point.',
      ),
    ).toBeInTheDocument();
  });
});
