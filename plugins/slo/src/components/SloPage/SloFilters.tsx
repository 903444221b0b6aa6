import { ServiceFilters } from '@golden-path/plugin-golden-path-react';
import type { SloServiceRow } from '@golden-path/plugin-slo-common';
import type { SloPageView } from './sloPageSearchParams';

/** The page filters (owner team, system, tier); every change goes into the URL. */
export const SloFilters = (props: {
  view: SloPageView;
  services: SloServiceRow[];
  tierTitles: Partial<Record<string, string>>;
  filtered: boolean;
  onChange: (filters: SloPageView['filters']) => void;
}) => {
  const { view, services, tierTitles, filtered, onChange } = props;
  return (
    <section aria-label="Filters">
      <ServiceFilters
        filters={view.filters}
        services={services}
        tierTitles={tierTitles}
        filtered={filtered}
        onChange={onChange}
        cleared={{ owner: [], system: [], tier: [] }}
      />
    </section>
  );
};
