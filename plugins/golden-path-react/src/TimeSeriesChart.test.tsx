import { fireEvent, render, screen, within } from '@testing-library/react';
import { createTheme, ThemeProvider } from '@mui/material/styles';
import { TimeSeries, TimeSeriesChart } from './TimeSeriesChart';
import { TimeSeriesPoint } from './timeSeriesGeometry';

const day = (time: number) => new Date(time).toISOString().slice(0, 10);
const hour = (time: number) => {
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
};
const percent = (value: number) =>
  `${value < 0 ? '−' : ''}${Math.round(Math.abs(value) * 100)} %`;

const counts: TimeSeries[] = [
  { key: 'met', label: 'Met', color: '#1f77b4', width: 3 },
  { key: 'all', label: 'All', color: '#777777', dash: '6 4' },
];
const daily = (rows: Array<[string, number, number]>): TimeSeriesPoint[] =>
  rows.map(([date, met, all]) => ({
    time: Date.parse(`${date}T00:00:00Z`),
    values: { met, all },
  }));
const threeDays = daily([
  ['2026-03-28', 1, 3],
  ['2026-03-29', 1, 3],
  ['2026-03-30', 2, 3],
]);

/** Hourly remaining budget from 2026-03-01 00:00 UTC, with event counts. */
const budget = (values: Array<number | null>): TimeSeriesPoint[] =>
  values.map((remaining, i) => ({
    time: Date.parse('2026-03-01T00:00:00Z') + i * 3_600_000,
    values: { remaining, events: 1000 * (i + 1) },
  }));
const budgetSeries: TimeSeries[] = [
  {
    key: 'remaining',
    label: 'Budget remaining',
    format: percent,
    testId: 'budget-line',
  },
  { key: 'events', label: 'Events', plot: false },
];
const budgetAxis = { include: [0, 1], floor: -1, step: 0.25, tickStep: 0.5 };

const countsChart = (points: TimeSeriesPoint[]) => (
  <TimeSeriesChart
    summary="Met: 1 of 3 on 2026-03-28, 2 of 3 on 2026-03-30"
    series={counts}
    points={points}
    formatTime={day}
    yAxis={{ integer: true }}
    table={{ label: 'Trend data', timeHeader: 'Day (UTC)' }}
    emptyText="No trend yet."
    testId="trend"
  />
);

const budgetChart = (points: TimeSeriesPoint[]) => (
  <TimeSeriesChart
    summary="Budget"
    series={budgetSeries}
    points={points}
    formatTime={hour}
    formatValue={percent}
    yAxis={budgetAxis}
    xDomain={[
      Date.parse('2026-03-01T00:00:00Z'),
      Date.parse('2026-03-31T00:00:00Z'),
    ]}
    references={[
      { key: 'budget', value: 1, label: 'full budget' },
      { key: 'zero', value: 0, label: 'budget spent', color: '#d32f2f' },
    ]}
    bands={[
      {
        key: 'overspent',
        from: -Infinity,
        to: 0,
        label: 'overspent',
        color: '#d32f2f',
      },
    ]}
    table={{
      label: 'Budget data',
      title: 'Budget data',
      timeHeader: 'Day (UTC)',
      formatTime: day,
      rows: 'lastOfDay',
    }}
    emptyText="No budget data yet."
    testId="budget"
  />
);

/** Lets the pointer be placed in SVG units: the SVG is 640 px wide at 0. */
function pointAt(svg: Element, clientX: number) {
  jest.spyOn(svg, 'getBoundingClientRect').mockReturnValue({
    left: 0,
    top: 0,
    width: 640,
    height: 220,
  } as DOMRect);
  const overlay = svg.querySelector('rect:last-of-type')!;
  fireEvent.mouseMove(overlay, { clientX, clientY: 50 });
  return overlay;
}

describe('TimeSeriesChart', () => {
  it('is an image named by its summary, with a line per series, a legend and a data table', () => {
    render(countsChart(threeDays));
    const chart = screen.getByTestId('trend');
    const svg = within(chart).getByRole('img', {
      name: 'Met: 1 of 3 on 2026-03-28, 2 of 3 on 2026-03-30',
    });
    expect(svg.querySelector('title')).toHaveTextContent(
      'Met: 1 of 3 on 2026-03-28, 2 of 3 on 2026-03-30',
    );
    const lines = within(chart).getAllByTestId('chart-line');
    expect(lines).toHaveLength(2);
    lines.forEach(line => expect(line).toHaveAttribute('data-points', '3'));
    expect(lines[1]).toHaveAttribute('stroke-dasharray', '6 4');
    expect(
      within(screen.getByRole('list', { name: 'Legend' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['Met', 'All']);
    const table = within(chart).getByRole('table', { name: 'Trend data' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(
      within(rows[3])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['2026-03-30', '2', '3']);
  });

  it('labels both axes with round values and the first and last day', () => {
    render(countsChart(threeDays));
    const svg = screen.getByRole('img');
    const labels = [...svg.querySelectorAll('text')].map(t => t.textContent);
    expect(labels).toEqual(
      expect.arrayContaining(['0', '1', '2', '3', '2026-03-28', '2026-03-30']),
    );
    // Whole numbers only, on a count axis.
    expect(labels).not.toContain('0.5');
  });

  it('still draws a single day, as dots', () => {
    render(countsChart(daily([['2026-03-30', 4, 5]])));
    const chart = screen.getByTestId('trend');
    expect(chart.querySelectorAll('circle')).toHaveLength(2);
    expect(within(chart).getAllByRole('row')).toHaveLength(2);
  });

  it('shows the values of the time under the pointer', () => {
    render(countsChart(threeDays));
    const overlay = pointAt(screen.getByRole('img'), 620);
    expect(screen.getByTestId('chart-tooltip')).toHaveTextContent(
      '2026-03-30: Met 2 · All 3',
    );
    expect(screen.getByTestId('chart-hover')).toBeInTheDocument();
    fireEvent.mouseLeave(overlay);
    expect(screen.getByTestId('chart-tooltip')).toHaveTextContent('');
    expect(screen.queryByTestId('chart-hover')).toBeNull();
  });

  it('says so instead of drawing without values', () => {
    render(countsChart([]));
    expect(screen.getByText('No trend yet.')).toBeInTheDocument();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('draws reference lines, and a band only where the axis reaches it', () => {
    const { unmount } = render(budgetChart(budget([1, 0.5])));
    const chart = screen.getByTestId('budget');
    expect(chart.querySelector('[data-line="budget"]')).not.toBeNull();
    expect(chart.querySelector('[data-line="zero"]')).toHaveAttribute(
      'stroke',
      '#d32f2f',
    );
    expect(within(chart).getByText('full budget')).toBeInTheDocument();
    expect(within(chart).getByText('budget spent')).toBeInTheDocument();
    expect(chart.querySelector('[data-band="overspent"]')).toBeNull();
    unmount();

    render(budgetChart(budget([1, -0.31])));
    expect(
      screen.getByTestId('budget').querySelector('[data-band="overspent"]'),
    ).toHaveTextContent('overspent');
    // The axis ends on −50 %, not on the lowest value (the table has it).
    const axis = screen.getByRole('img');
    expect(within(axis).getByText('−50 %')).toBeInTheDocument();
    expect(within(axis).queryByText('−31 %')).toBeNull();
  });

  it('says when values are cut at the bottom', () => {
    render(budgetChart(budget([1, -4])));
    expect(
      screen.getByText('Values below −100 % are drawn at the bottom edge.'),
    ).toBeInTheDocument();
    expect(screen.getByText('≤ −100 %')).toBeInTheDocument();
  });

  it('spans the given window, names its line, and reads values in their own format', () => {
    render(budgetChart(budget([1, 0.9, null, 0.7, 0.5])));
    const chart = screen.getByTestId('budget');
    const line = within(chart).getByTestId('budget-line');
    // Five points, one without a value: four drawn, the gap breaks the line.
    expect(line).toHaveAttribute('data-points', '4');
    expect(line.getAttribute('d')?.match(/[ML]/g)).toEqual([
      'M',
      'L',
      'M',
      'L',
    ]);
    expect(
      within(chart).getByText('2026-03-01', { selector: 'text' }),
    ).toBeInTheDocument();
    expect(
      within(chart).getByText('2026-03-31', { selector: 'text' }),
    ).toBeInTheDocument();
    // Table-only series are not drawn and not in the legend.
    expect(within(chart).getAllByRole('listitem')).toHaveLength(1);

    pointAt(screen.getByRole('img'), 0);
    expect(screen.getByTestId('chart-tooltip')).toHaveTextContent(
      '2026-03-01 00:00 UTC: Budget remaining 100 %',
    );

    // One row per day: the day's last point, with the table-only column.
    const table = within(chart).getByRole('table', { name: 'Budget data' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(
      within(rows[1])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['2026-03-01', '50 %', '5000']);
  });

  it('takes its default colours and axis colours from the theme', () => {
    const dark = createTheme({ palette: { mode: 'dark' } });
    render(
      <ThemeProvider theme={dark}>
        <TimeSeriesChart
          summary="s"
          series={[{ key: 'a', label: 'A' }]}
          points={[
            { time: Date.parse('2026-03-01T00:00:00Z'), values: { a: 1 } },
          ]}
          formatTime={day}
          table={{ label: 't', timeHeader: 'Day' }}
          emptyText="none"
        />
      </ThemeProvider>,
    );
    const svg = screen.getByRole('img');
    expect(svg.querySelector('path')).toHaveAttribute(
      'stroke',
      dark.palette.primary.main,
    );
    expect(svg.querySelector('text')).toHaveAttribute(
      'fill',
      dark.palette.text.secondary,
    );
  });

  it('fits its container: as wide as measured, never wider than maxWidth', () => {
    const spy = jest
      .spyOn(HTMLElement.prototype, 'getBoundingClientRect')
      .mockReturnValue({ width: 1800 } as DOMRect);
    try {
      const { unmount } = render(countsChart(threeDays));
      expect(screen.getByRole('img')).toHaveAttribute('width', '960');
      expect(screen.getByRole('img')).toHaveAttribute('viewBox', '0 0 960 220');
      unmount();
      spy.mockReturnValue({ width: 500 } as DOMRect);
      // Measured again when data arrives after the empty state.
      const { rerender } = render(countsChart([]));
      rerender(countsChart(threeDays));
      expect(screen.getByRole('img')).toHaveAttribute('width', '500');
    } finally {
      spy.mockRestore();
    }
  });
});
