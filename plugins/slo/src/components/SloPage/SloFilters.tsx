import { ServiceFilters } from '@golden-path/plugin-golden-path-react';
import type { SloOverview } from '@golden-path/plugin-slo-common';
import type { SloPageView } from './sloPageSearchParams';

const CLEARED: SloPageView['filters'] = { owner: [], system: [], tier: [] };

/**
 * The page filters (owner team, system, tier): the shared org-page filters; the owner and system choices are the backend's counts over
 * every service the user may read (`choices` of the overview), so a second
 * owner can be added to a filtered page. Every change goes into the URL.
 */
export const SloFilters = (props: {
  view: SloPageView;
  choices: SloOverview['choices'];
  tierTitles: Partial<Record<string, string>>;
  filtered: boolean;
  onChange: (filters: SloPageView['filters']) => void;
}) => {
  const { view, choices, tierTitles, filtered, onChange } = props;
  return (
    <section aria-label="Filters">
      <ServiceFilters
        filters={view.filters}
        choices={choices}
        tierTitles={tierTitles}
        filtered={filtered}
        onChange={onChange}
        cleared={CLEARED}
      />
    </section>
  );
};
