import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OrgPage, OrgPageProps, OrgPageState } from './OrgPage';

type Answer = { rows: string[]; computed: boolean };

const renderPage = (
  state: OrgPageState<Answer>,
  overrides: Partial<OrgPageProps<Answer>> = {},
) =>
  renderInTestApp(
    <OrgPage<Answer>
      title="Readiness scorecards"
      subtitle="Each service's level"
      state={state}
      filtered={false}
      onClearFilters={() => {}}
      isEmpty={answer => answer.rows.length === 0}
      nothingYet={<p>Nothing evaluated yet</p>}
      controls={<p>the filters</p>}
      {...overrides}
    >
      {answer => (
        <ul>
          {answer.rows.map(row => (
            <li key={row}>{row}</li>
          ))}
        </ul>
      )}
    </OrgPage>,
  );

describe('OrgPage', () => {
  it('shows the rows under the header and the controls', async () => {
    await renderPage({
      value: { rows: ['orders'], computed: true },
      loading: false,
    });
    expect(
      screen.getByRole('heading', { name: 'Readiness scorecards' }),
    ).toBeInTheDocument();
    expect(screen.getByText('the filters')).toBeInTheDocument();
    expect(screen.getByRole('listitem')).toHaveTextContent('orders');
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('shows progress above the rows while a new answer loads', async () => {
    await renderPage({
      value: { rows: ['orders'], computed: true },
      loading: true,
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.getByRole('listitem')).toHaveTextContent('orders');
  });

  it('shows progress alone until the first answer', async () => {
    await renderPage({ loading: true });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.getByText('the filters')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('shows an error in its words, and no rows', async () => {
    await renderPage({
      error: new Error('The backend is down'),
      loading: false,
    });
    // Backstage's error panel: the summary once, details collapsed below.
    expect(screen.getByText('Error: The backend is down')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('says what to do when there is nothing yet and no filter is set', async () => {
    await renderPage({ value: { rows: [], computed: false }, loading: false });
    expect(screen.getByText('Nothing evaluated yet')).toBeInTheDocument();
    expect(
      screen.queryByText('No services match these filters'),
    ).not.toBeInTheDocument();
  });

  it('offers to clear the filters when they match nothing', async () => {
    const onClearFilters = jest.fn();
    await renderPage(
      { value: { rows: [], computed: true }, loading: false },
      {
        filtered: true,
        onClearFilters,
        aboveNoMatch: <p>a fleet run goes on</p>,
      },
    );
    expect(
      screen.getByText('No services match these filters'),
    ).toBeInTheDocument();
    expect(screen.getByText('a fleet run goes on')).toBeInTheDocument();
    expect(screen.queryByText('Nothing evaluated yet')).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(onClearFilters).toHaveBeenCalledTimes(1);
  });

  it('shows the content when there is something, though no rows, and no filter', async () => {
    await renderPage(
      { value: { rows: [], computed: true }, loading: false },
      { hasNothingYet: answer => !answer.computed },
    );
    expect(screen.getByRole('list')).toBeInTheDocument();
    expect(screen.queryByText('Nothing evaluated yet')).not.toBeInTheDocument();
  });

  it('without its own header, shows the subtitle above the controls', async () => {
    await renderPage(
      { value: { rows: ['orders'], computed: true }, loading: false },
      { noHeader: true },
    );
    expect(
      screen.queryByRole('heading', { name: 'Readiness scorecards' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText("Each service's level")).toBeInTheDocument();
  });
});
