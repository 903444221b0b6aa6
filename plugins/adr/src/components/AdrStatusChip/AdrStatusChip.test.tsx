import { render, screen } from '@testing-library/react';
import { AdrStatusChip } from './AdrStatusChip';

describe('AdrStatusChip', () => {
  it.each([
    ['accepted', false, 'colorSuccess'],
    ['proposed', false, 'colorInfo'],
    ['proposed', true, 'colorWarning'],
    ['rejected', false, 'colorError'],
    ['superseded', false, 'colorDefault'],
  ] as const)('colours %s (stale: %s) with %s', (status, stale, colour) => {
    render(<AdrStatusChip status={status} stale={stale} />);
    const chip = screen.getByText(status).closest('[data-status]')!;
    expect(chip).toHaveAttribute('data-status', status);
    expect(chip.className).toContain(colour);
  });

  it('strikes superseded through and names unknown statuses', () => {
    render(<AdrStatusChip status="superseded" />);
    expect(
      getComputedStyle(screen.getByText('superseded').closest('[data-status]')!)
        .textDecoration,
    ).toBe('line-through');
    render(<AdrStatusChip status={null} statusRaw="Under discussion" />);
    expect(screen.getByText('unknown (Under discussion)')).toBeInTheDocument();
  });
});
