import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import { SidebarLogo } from './SidebarLogo';
import MenuIcon from '@material-ui/icons/Menu';
import SearchIcon from '@material-ui/icons/Search';
import { SidebarSearchModal } from '@backstage/plugin-search';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import { SidebarSectionLabel } from './SidebarSectionLabel';

/**
 * The sidebar's sections, in order, by page extension id. A page that is
 * not installed is skipped; pages no section names come last, by title.
 */
export const NAV_SECTIONS: { label?: string; items: string[] }[] = [
  {
    items: [
      'page:home',
      'page:catalog',
      'page:service-catalog/services',
      'page:api-docs',
      'page:scaffolder',
    ],
  },
  {
    label: 'Scorecards',
    items: ['page:readiness', 'page:slo', 'page:adr', 'page:golden-path'],
  },
  {
    label: 'Catalog admin',
    items: [
      'page:catalog-import',
      'page:catalog-unprocessed-entities',
      'page:catalog-graph',
    ],
  },
];

/**
 * Labels that fit the open sidebar (about 16 characters), for pages whose
 * own title is longer or reads oddly there: "Register Existing Component" and
 * "Unprocessed Entities" were cut off.
 */
export const NAV_TITLES: Record<string, string> = {
  'page:catalog-import': 'Register',
  'page:catalog-unprocessed-entities': 'Unprocessed',
  'page:catalog-graph': 'Catalog graph',
  'page:scaffolder': 'Create',
  'page:api-docs': 'APIs',
};

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      const nav = navItems.withComponent(item => (
        <SidebarItem
          icon={() => item.icon}
          to={item.href}
          text={NAV_TITLES[item.node.spec.id] ?? item.title}
        />
      ));

      // Skipped items
      nav.take('page:search'); // Using search modal instead
      const settings = nav.take('page:user-settings');

      const sections = NAV_SECTIONS.map(section => ({
        label: section.label,
        elements: section.items
          .map(id => nav.take(id))
          .filter((element): element is JSX.Element => element !== null),
      })).filter(section => section.elements.length > 0);
      const rest = nav.rest({ sortBy: 'title' });

      return (
        <Sidebar>
          <SidebarLogo />
          <SidebarGroup label="Search" icon={<SearchIcon />} to="/search">
            <SidebarSearchModal />
          </SidebarGroup>
          <SidebarDivider />
          <SidebarGroup label="Menu" icon={<MenuIcon />}>
            <SidebarScrollWrapper>
              {sections.map((section, index) => (
                <div
                  key={section.label ?? index}
                  role="group"
                  aria-label={section.label ?? 'Main pages'}
                >
                  {index > 0 && <SidebarDivider />}
                  {section.label && (
                    <SidebarSectionLabel>{section.label}</SidebarSectionLabel>
                  )}
                  {section.elements}
                </div>
              ))}
              {rest.length > 0 && (
                <div role="group" aria-label="More pages">
                  <SidebarDivider />
                  {rest}
                </div>
              )}
            </SidebarScrollWrapper>
          </SidebarGroup>
          <SidebarSpace />
          <SidebarDivider />
          <SidebarGroup
            label="Settings"
            icon={<UserSettingsSignInAvatar />}
            to="/settings"
          >
            {settings}
          </SidebarGroup>
        </Sidebar>
      );
    },
  },
});
