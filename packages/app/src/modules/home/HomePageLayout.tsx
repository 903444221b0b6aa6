import { Content } from '@backstage/core-components';
import { CustomHomepageGrid } from '@backstage/plugin-home';
import type { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import { Fragment, useMemo } from 'react';

/**
 * Twelve columns from the `md` breakpoint up. The grid picks its breakpoint
 * by its own width, not the window's: at a 1280 px window the content is
 * about 1150 px wide, Backstage's `md`, where the stock grid has 10 columns,
 * so a card placed at column 6 with width 6 (app-config's `defaultConfig`)
 * no longer fits beside its neighbour and drops below it. With 12 columns
 * the layout of app-config holds from 960 px of content up.
 */
export const HOME_GRID_COLUMNS = {
  xl: 12,
  lg: 12,
  md: 12,
  sm: 6,
  xs: 4,
  xxs: 2,
};

/**
 * The home page's grid: Backstage's default home page layout (the widgets in
 * the customizable grid, placed by `page:home`'s `defaultConfig`) with
 * {@link HOME_GRID_COLUMNS}.
 */
export const HomePageLayout = (props: HomePageLayoutProps) => {
  const { widgets, defaultConfig } = props;
  const config = useMemo(
    () =>
      defaultConfig?.map(item => ({
        component: item.component,
        x: item.column,
        y: item.row,
        width: item.width,
        height: item.height,
        movable: item.movable,
        deletable: item.deletable,
        resizable: item.resizable,
      })),
    [defaultConfig],
  );
  return (
    <Content>
      <CustomHomepageGrid config={config} cols={HOME_GRID_COLUMNS}>
        {widgets.map((widget, index) => (
          <Fragment key={widget.name ?? index}>{widget.component}</Fragment>
        ))}
      </CustomHomepageGrid>
    </Content>
  );
};
