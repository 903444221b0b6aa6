import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  attestation,
  createFakeReadinessApi,
  entityDetail,
} from '../../__fixtures__/fakeReadinessApi';
import {
  checkItem,
  component,
  renderReadinessTab as renderTab,
  responseError as errorOf,
} from '../../__testUtils__/renderReadinessTab';

// The tab renders a few hundred MUI elements; on a loaded machine a test
// with several re-renders needs more than Jest's default 5 s.
jest.setTimeout(20_000);

describe('EntityReadinessContent', () => {
  it('shows the level against the required level with the score', async () => {
    const api = await renderTab();
    const header = await screen.findByTestId('readiness-header');
    expect(api.getEntityDetail).toHaveBeenCalledWith(
      'component:default/orders',
    );
    expect(
      within(header)
        .getAllByTestId('level-badge')
        .map(b => b.getAttribute('data-level')),
    ).toEqual(['bronze', 'silver']);
    expect(header).toHaveAttribute('data-meets-required', 'false');
    expect(
      within(header).getByText(
        'Below Silver, the level the Important tier requires',
      ),
    ).toBeInTheDocument();
    expect(
      within(header).getByText('1 of 4 applicable checks pass'),
    ).toBeInTheDocument();
    expect(within(header).getByText(/ago$/)).toHaveAttribute(
      'title',
      '2026-03-30T12:00:00.000Z',
    );
  });

  it('groups the checks by category with outcome, level and message', async () => {
    await renderTab();
    await screen.findByTestId('readiness-header');
    expect(
      screen
        .getAllByTestId('readiness-category')
        .map(c => [
          c.getAttribute('data-category'),
          within(c).getByRole('heading', { level: 3 }).textContent,
        ]),
    ).toEqual([
      ['operations', 'Operations'],
      ['consistency', 'Consistency'],
      ['resilience', 'Resilience'],
      ['security', 'Security'],
    ]);
    const resilience = screen.getByRole('region', { name: 'Resilience' });
    expect(within(resilience).getByText('0 of 1 pass')).toBeInTheDocument();
    expect(
      within(resilience)
        .getAllByTestId('readiness-check')
        .map(c => [
          c.getAttribute('data-check-id'),
          c.getAttribute('data-outcome'),
        ]),
    ).toEqual([
      ['chaos-tested', 'not-applicable'],
      ['failover-drill', 'fail'],
    ]);
    expect(
      within(checkItem('runbook-linked')).getByTestId('check-outcome'),
    ).toHaveTextContent('Passed');
    expect(
      within(checkItem('failover-drill')).getByTestId('check-outcome'),
    ).toHaveTextContent('Failed');
    expect(
      within(checkItem('sbom')).getByTestId('check-outcome'),
    ).toHaveTextContent('Error');
    expect(
      within(checkItem('chaos-tested')).getByTestId('check-outcome'),
    ).toHaveTextContent('Not required');
    expect(
      within(checkItem('sbom')).getByTestId('check-message'),
    ).toHaveTextContent('repository.sbomCount is a string, expected a number');
    expect(
      within(checkItem('failover-drill')).getByTestId('level-badge'),
    ).toHaveAttribute('data-level', 'gold');
  });

  it('shows the facts behind a check with when and by whom they were collected', async () => {
    const threeMinutesAgo = new Date(
      Date.now() - 3 * 60_000 - 5_000,
    ).toISOString();
    const detail = entityDetail();
    detail.checks[0] = {
      ...detail.checks[0],
      facts: [
        {
          id: 'catalog.hasRunbook',
          value: true,
          collectedAt: threeMinutesAgo,
          collector: 'catalog',
        },
        {
          id: 'repository.languages',
          value: ['go', 'typescript'],
          collectedAt: threeMinutesAgo,
          collector: 'repository',
        },
      ],
    };
    await renderTab({ api: createFakeReadinessApi({ detail }) });
    await screen.findByTestId('readiness-header');
    // A passing check starts closed; opening it shows its facts.
    const runbook = checkItem('runbook-linked');
    expect(
      within(runbook).queryByRole('table', { name: 'Facts of Runbook linked' }),
    ).toBeNull();
    fireEvent.click(within(runbook).getByRole('button', { expanded: false }));
    const facts = await within(runbook).findByRole('table', {
      name: 'Facts of Runbook linked',
    });
    const rows = within(facts).getAllByTestId('fact-row');
    expect(
      within(rows[0])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['catalog.hasRunbook', 'true', '3 min ago', 'catalog']);
    expect(within(rows[0]).getByText('3 min ago')).toHaveAttribute(
      'title',
      threeMinutesAgo,
    );
    expect(rows[1]).toHaveTextContent('go, typescript');

    // Failing checks start open, with a never-collected fact and the fix.
    const dockerfile = checkItem('dockerfile');
    const dockerFacts = within(dockerfile).getByRole('table', {
      name: 'Facts of Has a Dockerfile',
    });
    expect(
      within(dockerFacts)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['repository.files', 'never collected', 'never', 'repository']);
    const remediation = within(dockerfile).getByTestId('remediation');
    expect(remediation).toHaveTextContent(
      'Start from the node-service template.',
    );
    expect(
      within(remediation).getByRole('link', {
        name: 'Open the template or guide',
      }),
    ).toHaveAttribute('href', '/create/templates/default/node-service');
  });

  it('opens and marks the check named in the URL', async () => {
    await renderTab({ route: '/?check=runbook-linked' });
    await screen.findByTestId('readiness-header');
    expect(
      within(checkItem('runbook-linked')).getByRole('table', {
        name: 'Facts of Runbook linked',
      }),
    ).toBeVisible();
  });

  it('attests a check: comment required, backend 400 shown, then success', async () => {
    const api = createFakeReadinessApi();
    await renderTab({ api });
    await screen.findByTestId('readiness-header');
    // Only the attestable check has the button.
    expect(await screen.findAllByTestId('attest-button')).toHaveLength(1);
    const drill = checkItem('failover-drill');
    expect(within(drill).getByTestId('current-attestation')).toHaveTextContent(
      'Not attested',
    );
    fireEvent.click(within(drill).getByTestId('attest-button'));
    const dialog = await screen.findByRole('dialog', {
      name: 'Attest Failover drill done',
    });
    const expires = within(dialog).getByLabelText(/Expires on/);
    const expected = new Date(Date.now() + 90 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(expires).toHaveValue(expected);

    // Nothing is sent without a comment.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Attest' }));
    expect(
      await within(dialog).findByText(
        'Say why the check holds: a comment is required',
      ),
    ).toBeInTheDocument();
    expect(api.createAttestation).not.toHaveBeenCalled();

    // The backend's 400 message is shown in the dialog.
    api.createAttestation.mockRejectedValueOnce(
      await errorOf(
        400,
        'InputError',
        'expiresAt: must be at most a year ahead',
      ),
    );
    fireEvent.change(within(dialog).getByLabelText(/Comment/), {
      target: { value: 'Drill run on 2026-03-01, failover in 40 s.' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Attest' }));
    expect(await within(dialog).findByTestId('attest-error')).toHaveTextContent(
      'expiresAt: must be at most a year ahead',
    );
    expect(api.createAttestation).toHaveBeenCalledWith(
      'component:default/orders',
      {
        checkId: 'failover-drill',
        comment: 'Drill run on 2026-03-01, failover in 40 s.',
        expiresAt: expect.stringMatching(new RegExp(`^${expected}T`)),
      },
    );

    // Then it works: the dialog closes, detail and trail are reloaded.
    const detailCalls = api.getEntityDetail.mock.calls.length;
    const trailCalls = api.getAttestations.mock.calls.length;
    fireEvent.click(within(dialog).getByRole('button', { name: 'Attest' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByTestId('readiness-notice')).toHaveTextContent(
      /^Attested Failover drill done until /,
    );
    await waitFor(() =>
      expect(api.getEntityDetail.mock.calls.length).toBe(detailCalls + 1),
    );
    expect(api.getAttestations.mock.calls.length).toBe(trailCalls + 1);
  });

  it('says so in the dialog when the backend refuses with 403', async () => {
    const api = createFakeReadinessApi();
    api.createAttestation.mockRejectedValueOnce(
      await errorOf(403, 'NotAllowedError', 'Unauthorized'),
    );
    await renderTab({ api });
    await screen.findByTestId('readiness-header');
    fireEvent.click(await screen.findByTestId('attest-button'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Comment/), {
      target: { value: 'Done' },
    });
    fireEvent.change(within(dialog).getByLabelText(/Expires on/), {
      target: { value: '1999-01-01' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Attest' }));
    expect(
      await within(dialog).findByText('The expiry date must be in the future'),
    ).toBeInTheDocument();
    expect(api.createAttestation).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText(/Expires on/), {
      target: {
        value: new Date(Date.now() + 10 * 86_400_000)
          .toISOString()
          .slice(0, 10),
      },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Attest' }));
    expect(await within(dialog).findByTestId('attest-error')).toHaveTextContent(
      'You may not attest this check (permission readiness.attestation.create): Unauthorized',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows the current attestation and the audit trail', async () => {
    const current = attestation();
    const detail = entityDetail();
    detail.checks[2] = {
      ...detail.checks[2],
      outcome: 'pass',
      attestation: current,
    };
    await renderTab({
      api: createFakeReadinessApi({
        detail,
        attestations: [
          attestation({
            id: 'att-0',
            createdAt: '2025-11-01T09:00:00.000Z',
            expiresAt: '2026-01-30T09:00:00.000Z',
            expired: true,
            author: 'user:default/bob',
            comment: 'Old drill',
          }),
          current,
          attestation({
            id: 'att-00',
            createdAt: '2026-02-01T09:00:00.000Z',
            comment: 'Earlier drill',
          }),
        ],
      }),
    });
    await screen.findByTestId('readiness-header');
    const drill = checkItem('failover-drill');
    fireEvent.click(within(drill).getByRole('button', { expanded: false }));
    // jane is in the catalog: her display name, linked to her page.
    expect(
      await within(drill).findByText('Jane Doe', {}, { timeout: 5000 }),
    ).toHaveAttribute('href', '/catalog/default/user/jane');
    expect(within(drill).getByTestId('current-attestation')).toHaveTextContent(
      /Attested by Jane Doe .*, expires 2026-05-31: “Drill run on 2026-03-01, failover in 40 s.”/,
    );
    expect(await within(drill).findByTestId('attest-button')).toHaveTextContent(
      'Attest again',
    );
    const trail = await screen.findByRole('table', {
      name: 'Attestation history',
    });
    expect(
      within(trail)
        .getAllByTestId('attestation-row')
        .map(r => [
          r.getAttribute('data-status'),
          within(r).getAllByRole('cell')[0].textContent,
          within(r).getAllByRole('cell')[2].textContent,
        ]),
    ).toEqual([
      [
        'current',
        'Failover drill done',
        'Drill run on 2026-03-01, failover in 40 s.',
      ],
      ['superseded', 'Failover drill done', 'Earlier drill'],
      ['expired', 'Failover drill done', 'Old drill'],
    ]);
    // bob is not in the catalog: his name as text, no link to a 404 page.
    const bobRow = within(trail).getAllByTestId('attestation-row')[2];
    const bob = within(bobRow).getByTestId('attestation-author');
    expect(bob).toHaveTextContent(/^bob$/);
    expect(bob.closest('a')).toBeNull();
    expect(
      await within(
        within(trail).getAllByTestId('attestation-row')[0],
      ).findByRole('link', { name: 'Jane Doe' }),
    ).toBeInTheDocument();
  });

  it('refreshes now, and says when the user may not', async () => {
    const api = createFakeReadinessApi();
    api.refreshEntity.mockResolvedValueOnce(
      entityDetail({ level: 'silver', meetsRequired: true, passed: 3 }),
    );
    await renderTab({ api });
    const header = await screen.findByTestId('readiness-header');
    fireEvent.click(
      await within(header).findByRole('button', { name: 'Refresh now' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('readiness-header')).toHaveAttribute(
        'data-meets-required',
        'true',
      ),
    );
    expect(api.refreshEntity).toHaveBeenCalledWith('component:default/orders');
    expect(
      screen.getByText('3 of 4 applicable checks pass'),
    ).toBeInTheDocument();

    api.refreshEntity.mockRejectedValueOnce(
      await errorOf(403, 'NotAllowedError', 'Unauthorized'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    expect(await screen.findByTestId('refresh-error')).toHaveTextContent(
      'You may not refresh readiness (permission readiness.entity.refresh): Unauthorized',
    );

    // A refresh the backend limits says so in plain words, once.
    api.refreshEntity.mockRejectedValueOnce(
      await errorOf(429, 'TooManyRequestsError', 'started 3 seconds ago', {
        'Retry-After': '57',
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await waitFor(() =>
      expect(screen.getByTestId('refresh-error')).toHaveTextContent(
        /^A refresh ran a moment ago; try again in 57 seconds$/,
      ),
    );
  });

  it('offers Refresh now when the entity is not evaluated yet', async () => {
    const api = createFakeReadinessApi({ detail: null });
    api.refreshEntity.mockResolvedValueOnce(entityDetail());
    await renderTab({ api });
    expect(await screen.findByText('Not evaluated yet')).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh now' }));
    expect(await screen.findByTestId('readiness-header')).toBeInTheDocument();
  });

  it('shows a component the backend has not evaluated yet: awaiting, no time', async () => {
    // What GET answers before the first evaluation: the backend never
    // evaluates on a GET.
    const evaluated = entityDetail();
    const detail = entityDetail({
      level: 'none',
      meetsRequired: false,
      status: 'awaiting',
      passed: 0,
      awaiting: evaluated.checks.length,
      applicable: evaluated.checks.length,
      checks: evaluated.checks.map(result => ({
        ...result,
        outcome: 'awaiting',
        message:
          'not evaluated yet: the next scheduled evaluation, or Refresh now, evaluates it',
        attestation: null,
      })),
      history: [],
      evaluatedAt: null,
    });
    await renderTab({ api: createFakeReadinessApi({ detail }) });
    const header = await screen.findByTestId('readiness-header');
    expect(header).toHaveAttribute('data-status', 'awaiting');
    expect(within(header).getByText('Not evaluated yet')).toBeInTheDocument();
    expect(
      within(header).getByText(/^Awaiting first collection: \d+ checks wait/),
    ).toBeInTheDocument();
    expect(
      within(checkItem('runbook-linked')).getByText(/^not evaluated yet/),
    ).toBeInTheDocument();
  });

  it('shows the error of a failed request', async () => {
    const api = createFakeReadinessApi();
    api.getEntityDetail.mockRejectedValue(
      await errorOf(500, 'Error', 'evaluation store unavailable'),
    );
    await renderTab({ api });
    expect(
      (await screen.findAllByText(/evaluation store unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('does not ask the backend for entities that are not components', async () => {
    const api = await renderTab({
      entity: { ...component, kind: 'System' },
    });
    expect(
      await screen.findByText('Readiness is evaluated for components'),
    ).toBeInTheDocument();
    expect(api.getEntityDetail).not.toHaveBeenCalled();
  });

  it('draws the score history', async () => {
    await renderTab();
    expect(
      await screen.findByRole('img', {
        name: 'Checks passed: 0 of 4 on 2026-03-29, 1 of 4 on 2026-03-30 (2 evaluations)',
      }),
    ).toBeInTheDocument();
  });
});
