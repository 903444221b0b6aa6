import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';

/**
 * What an org page loads: its data once there, an error, and whether a
 * (re)load is under way. The shape of `useFilteredOverview`'s `overview`.
 * @public
 */
export type OrgPageState<T> = {
  value?: T;
  error?: Error;
  loading: boolean;
};

/**
 * Props of {@link OrgPage}.
 * @public
 */
export type OrgPageProps<T> = {
  /** The page title, in the page's own header. */
  title: string;
  /** One sentence under the title (above the controls without a header). */
  subtitle: string;
  /**
   * Leave out the page's own Backstage header: the new frontend system's
   * page header names the page instead.
   */
  noHeader?: boolean;
  /** Filters and toolbars, above the body in every state. */
  controls: ReactNode;
  state: OrgPageState<T>;
  /** Whether a filter is set (an empty answer then means "no match"). */
  filtered: boolean;
  /** Removes every filter ("Clear filters"). */
  onClearFilters(): void;
  /** True when the answer has no rows to show. */
  isEmpty(value: T): boolean;
  /**
   * True when there is nothing at all yet (nothing computed, no services):
   * `nothingYet` is shown. Defaults to `isEmpty`.
   */
  hasNothingYet?(value: T): boolean;
  /** The empty state without filters: what to do to see something here. */
  nothingYet: ReactNode;
  /** Shown above "No services match these filters" (e.g. a running job). */
  aboveNoMatch?: ReactNode;
  /** The page's content for an answer with rows. */
  children(value: T): ReactNode;
};

/**
 * The frame and the states every Golden Path org page shares (readiness,
 * SLO, golden path): the header (or the subtitle alone under the new
 * frontend system's header), the controls, then one of: the error once,
 * in words; progress until the first answer; what to do when there is
 * nothing yet; "No services match these filters" with a button that clears
 * them; or the content, with progress above it while a new filter loads.
 * @public
 */
export function OrgPage<T>(props: OrgPageProps<T>) {
  const { state } = props;
  const value = state.value;
  const hasNothingYet = props.hasNothingYet ?? props.isEmpty;
  let body: ReactNode;
  if (state.error) {
    body = <ResponseErrorPanel error={state.error} />;
  } else if (value === undefined) {
    body = <Progress />;
  } else if (!props.filtered && hasNothingYet(value)) {
    body = props.nothingYet;
  } else if (props.filtered && props.isEmpty(value)) {
    body = (
      <>
        {props.aboveNoMatch}
        <EmptyState
          missing="data"
          title="No services match these filters"
          description="Remove a filter to see more services."
          action={
            <Button variant="contained" onClick={props.onClearFilters}>
              Clear filters
            </Button>
          }
        />
      </>
    );
  } else {
    body = (
      <>
        {state.loading && <Progress />}
        {props.children(value)}
      </>
    );
  }

  const content = (
    <Content>
      <Stack spacing={3}>
        {props.noHeader && (
          <Typography variant="body1" color="text.secondary">
            {props.subtitle}
          </Typography>
        )}
        {props.controls}
        {body}
      </Stack>
    </Content>
  );
  if (props.noHeader) return content;
  return (
    <Page themeId="tool">
      <Header title={props.title} subtitle={props.subtitle} />
      {content}
    </Page>
  );
}
