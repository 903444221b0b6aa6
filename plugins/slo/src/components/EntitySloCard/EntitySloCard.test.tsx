import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { sloApiRef } from '../../api/SloApi';
import {
  burnDown,
  createFakeSloApi,
  entityDetail,
  sloSummary,
} from '../../__fixtures__/fakeSloApi';
import { EntitySloCard } from './EntitySloCard';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
});
const tiered = entity({ 'golden-path.io/tier': 'important' });

async function renderCard(api = createFakeSloApi(), e: Entity = tiered) {
  await renderInTestApp(
    <TestApiProvider apis={[[sloApiRef, api]]}>
      <EntityProvider entity={e}>
        <EntitySloCard />
      </EntityProvider>
    </TestApiProvider>,
  );
  return api;
}

describe('EntitySloCard', () => {
  it('shows target, attainment, budget and burn rates, formatted', async () => {
    const api = await renderCard();
    const row = await screen.findByRole('region', {
      name: 'orders-availability',
    });
    expect(api.getEntityDetail).toHaveBeenCalledWith(
      'component:default/orders',
    );
    expect(within(row).getByTestId('slo-target')).toHaveTextContent('99.9 %');
    expect(within(row).getByTestId('slo-attainment')).toHaveTextContent(
      '99.95 %',
    );
    expect(within(row).getByTestId('slo-budget')).toHaveTextContent('50 %');
    expect(within(row).getByTestId('slo-burn-rates')).toHaveTextContent(
      '5m 0.4× · 1h 2.3× · 3d 0.9×',
    );
    expect(
      within(row).getByText(
        '99.9 % of requests succeed · 30d rolling · Occurrences',
      ),
    ).toBeInTheDocument();
    expect(within(row).getByTestId('slo-status')).toHaveTextContent('ok');
    expect(screen.getByText('SLOs')).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/NaN/);
  });

  it('shows an SLO that could not be evaluated with its message and no numbers', async () => {
    const failing = sloSummary({
      name: 'orders-latency',
      objective: 'latency',
      target: 0.99,
      thresholdMs: 500,
      status: 'error',
      error: 'Prometheus at http://prometheus:9090 is unreachable',
      attainment: null,
      budgetRemaining: null,
      burnRates: [],
    });
    await renderCard(
      createFakeSloApi({
        detail: entityDetail({
          slos: [failing],
          burnDown: {},
          errors: ['slo.yaml: document 2: kind "SLX" is not an OpenSLO kind'],
        }),
      }),
    );
    const row = await screen.findByRole('region', { name: 'orders-latency' });
    expect(within(row).getByTestId('slo-error')).toHaveTextContent(
      'Prometheus at http://prometheus:9090 is unreachable',
    );
    expect(within(row).getByTestId('slo-status')).toHaveTextContent('error');
    expect(within(row).queryByTestId('slo-attainment')).toBeNull();
    expect(within(row).queryByTestId('slo-budget')).toBeNull();
    expect(within(row).queryByText(/%.*left/)).toBeNull();
    expect(
      screen.getByText(
        'slo.yaml: document 2: kind "SLX" is not an OpenSLO kind',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('burn-down-chart')).toBeNull();
  });

  it('says when an SLO has no data yet', async () => {
    const empty = sloSummary({
      status: 'no-data',
      attainment: null,
      budgetRemaining: null,
      burnRates: [{ window: '1h', burnRate: null }],
    });
    await renderCard(
      createFakeSloApi({
        detail: entityDetail({
          slos: [empty],
          burnDown: { [empty.ref]: [] },
        }),
      }),
    );
    const row = await screen.findByRole('region', {
      name: 'orders-availability',
    });
    expect(
      within(row).getByText(/No SLI data in the current window/),
    ).toBeInTheDocument();
    expect(within(row).getByTestId('slo-status')).toHaveTextContent('no data');
    expect(
      screen.getByText(
        'No burn-down data for orders-availability in this window yet.',
      ),
    ).toBeInTheDocument();
  });

  it('draws the burn-down with one point per value and a table fallback', async () => {
    await renderCard();
    const chart = await screen.findByTestId('burn-down-chart');
    const line = within(chart).getByTestId('burn-down-line');
    // Five hourly points, one without a value: four drawn, the gap breaks the line.
    expect(line).toHaveAttribute('data-points', '4');
    expect(line.getAttribute('d')?.match(/[ML]/g)).toEqual([
      'M',
      'L',
      'M',
      'L',
    ]);
    expect(
      within(chart).getByRole('img', {
        name: 'Error budget remaining of orders-availability: 100 % on 2026-03-01, 50 % on 2026-03-01 (4 hourly points)',
      }),
    ).toBeInTheDocument();
    expect(chart.querySelector('[data-line="zero"]')).not.toBeNull();
    expect(chart.querySelector('[data-line="budget"]')).not.toBeNull();
    // Axis labels: the window's first and last day.
    expect(
      within(chart).getByText('2026-03-01', { selector: 'text' }),
    ).toBeInTheDocument();
    expect(
      within(chart).getByText('2026-03-31', { selector: 'text' }),
    ).toBeInTheDocument();
    const table = within(chart).getByRole('table', {
      name: 'Burn-down data of orders-availability',
    });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(within(table).getByText('50 %')).toBeInTheDocument();
  });

  it('switches the burn-down to another SLO', async () => {
    const latency = sloSummary({
      name: 'orders-latency',
      objective: 'latency',
      target: 0.99,
      thresholdMs: 500,
      budgetRemaining: -0.5,
      status: 'breaching',
      firingAlerts: [
        {
          name: 'page-fast',
          severity: 'page',
          threshold: 14.4,
          longWindow: '1h',
          shortWindow: '5m',
          longBurnRate: 20,
          shortBurnRate: 18.5,
        },
      ],
      tierViolations: [
        {
          sloName: 'orders-latency',
          objective: 'latency',
          field: 'thresholdMs',
          tierValue: 500,
          sloValue: 800,
          message:
            "orders-latency: the latency threshold 800 ms is looser than the Important tier's 500 ms",
        },
      ],
    });
    const detail = entityDetail();
    await renderCard(
      createFakeSloApi({
        detail: {
          ...detail,
          slos: [...detail.slos, latency],
          burnDown: {
            ...detail.burnDown,
            [latency.ref]: burnDown([1, 0.2, -0.5]),
          },
        },
      }),
    );
    const row = await screen.findByRole('region', { name: 'orders-latency' });
    expect(within(row).getByTestId('slo-budget')).toHaveTextContent(
      '−50 % (overspent)',
    );
    expect(within(row).getByTestId('slo-firing-alert')).toHaveTextContent(
      'page-fast: 20.0× over 1h and 18.5× over 5m (threshold 14.4×)',
    );
    expect(
      within(screen.getByRole('list', { name: 'Tier violations' })).getByText(
        /threshold 800 ms is looser/,
      ),
    ).toBeInTheDocument();

    fireEvent.change(screen.getByRole('combobox', { name: 'Burn-down SLO' }), {
      target: { value: latency.ref },
    });
    const line = await screen.findByTestId('burn-down-line');
    expect(line).toHaveAttribute('data-points', '3');
    expect(
      screen.getByRole('img', {
        name: /^Error budget remaining of orders-latency: 100 % on .*, −50 % on/,
      }),
    ).toBeInTheDocument();
  });

  it('shows "No SLOs for this entity" when the backend has none', async () => {
    await renderCard(createFakeSloApi({ detail: null }));
    expect(
      await screen.findByText('No SLOs for this entity'),
    ).toBeInTheDocument();
  });

  it('says in plain words that the SLOs are not computed yet', async () => {
    await renderCard(
      createFakeSloApi({
        detail: entityDetail({ slos: [], burnDown: {}, computedAt: null }),
      }),
    );
    expect(
      await screen.findByText('SLOs not computed yet'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Computed at/)).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows the error of a failed request', async () => {
    const api = createFakeSloApi();
    api.getEntityDetail.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'Error', message: 'budget cache unavailable' },
            response: { statusCode: 500 },
          }),
          { status: 500, headers: { 'Content-Type': 'application/json' } },
        ) as any,
      ),
    );
    await renderCard(api);
    expect(
      (await screen.findAllByText(/budget cache unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('asks for the annotation on an entity without tier or OpenSLO file', async () => {
    const api = await renderCard(createFakeSloApi(), entity({}));
    expect(
      (await screen.findAllByText(/golden-path.io\/tier/)).length,
    ).toBeGreaterThan(0);
    expect(api.getEntityDetail).not.toHaveBeenCalled();
  });
});
