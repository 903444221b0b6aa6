import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { burnDown } from '../../__fixtures__/fakeSloApi';
import { BurnDownChart } from './BurnDownChart';

describe('BurnDownChart', () => {
  it('shows the nearest point under the pointer', async () => {
    await renderInTestApp(
      <BurnDownChart
        sloName="orders-availability"
        points={burnDown([1, 0.5])}
      />,
    );
    const svg = screen.getByRole('img');
    jest.spyOn(svg, 'getBoundingClientRect').mockReturnValue({
      left: 0,
      top: 0,
      width: 640,
      height: 220,
    } as DOMRect);
    const overlay = svg.querySelector('rect')!;
    fireEvent.mouseMove(overlay, { clientX: 620, clientY: 50 });
    expect(screen.getByTestId('burn-down-tooltip')).toHaveTextContent(
      '2026-03-01 01:00 UTC: 50 % left',
    );
    fireEvent.mouseLeave(overlay);
    expect(screen.queryByTestId('burn-down-tooltip')).toBeNull();
  });

  it('says when overspent values are cut at the bottom', async () => {
    await renderInTestApp(
      <BurnDownChart sloName="x" points={burnDown([1, -4])} />,
    );
    expect(
      screen.getByText('Values below −100 % are drawn at the bottom edge.'),
    ).toBeInTheDocument();
    expect(screen.getByText('≤ −100 %')).toBeInTheDocument();
  });

  it('labels the part below zero as overspent, on a round axis', async () => {
    await renderInTestApp(
      <BurnDownChart sloName="x" points={burnDown([1, -0.31])} />,
    );
    expect(screen.getByTestId('burn-down-overspent')).toHaveTextContent(
      'overspent',
    );
    // The axis ends on −50 %, not on the lowest value (the data table
    // below the chart still lists it).
    const axis = screen.getByRole('img');
    expect(within(axis).getByText('−50 %')).toBeInTheDocument();
    expect(within(axis).queryByText('−31 %')).toBeNull();
  });
});
