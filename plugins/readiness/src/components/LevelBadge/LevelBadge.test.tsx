import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { LevelBadge } from './LevelBadge';

describe('LevelBadge', () => {
  it('writes each level with its own colour, never colour alone', async () => {
    await renderInTestApp(
      <>
        <LevelBadge level="gold" />
        <LevelBadge level="silver" />
        <LevelBadge level="bronze" />
        <LevelBadge level="none" />
      </>,
    );
    const badges = screen.getAllByTestId('level-badge');
    expect(
      badges.map(b => [b.getAttribute('data-level'), b.textContent]),
    ).toEqual([
      ['gold', 'Gold'],
      ['silver', 'Silver'],
      ['bronze', 'Bronze'],
      ['none', 'None'],
    ]);
    const backgrounds = badges
      .slice(0, 3)
      .map(b => getComputedStyle(b).backgroundColor);
    expect(new Set(backgrounds).size).toBe(3);
    expect(badges[3].className).toMatch(/outlined/i);
  });
});
