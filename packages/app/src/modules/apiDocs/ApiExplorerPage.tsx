import {
  Content,
  CreateButton,
  SupportButton,
} from '@backstage/core-components';
import {
  configApiRef,
  useApi,
  useRouteRef,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { apiDocsTranslationRef } from '@backstage/plugin-api-docs';
import apiDocsPlugin from '@backstage/plugin-api-docs/alpha';
import { CatalogTable } from '@backstage/plugin-catalog';
import {
  CatalogFilterLayout,
  EntityKindPicker,
  EntityLifecyclePicker,
  EntityListProvider,
  EntityOwnerPicker,
  EntityTagPicker,
  EntityTypePicker,
  UserListFilterKind,
  UserListPicker,
} from '@backstage/plugin-catalog-react';
import { HeaderPage } from '@backstage/ui';
import { useMemo } from 'react';
import { apiExplorerColumns } from './apiExplorerColumns';

/**
 * Backstage's API explorer page of the new frontend system (the same
 * filters, header and actions) with readable table columns: the stock page
 * takes no columns through its extension config.
 */
export function ApiExplorerPage(props: {
  initiallySelectedFilter?: UserListFilterKind;
}) {
  const { initiallySelectedFilter = 'all' } = props;
  const configApi = useApi(configApiRef);
  const { t } = useTranslationRef(apiDocsTranslationRef);
  const registerApiLink = useRouteRef(apiDocsPlugin.externalRoutes.registerApi);
  const columns = useMemo(() => apiExplorerColumns(), []);
  const title = t('defaultApiExplorerPage.subtitle', {
    orgName: configApi.getOptionalString('organization.name') ?? 'Backstage',
  });
  return (
    <>
      <HeaderPage
        title={title}
        customActions={
          <>
            {registerApiLink && (
              <CreateButton
                title={t('defaultApiExplorerPage.createButtonTitle')}
                to={registerApiLink()}
              />
            )}
            <SupportButton>
              {t('defaultApiExplorerPage.supportButtonTitle')}
            </SupportButton>
          </>
        }
      />
      <Content>
        <EntityListProvider>
          <CatalogFilterLayout>
            <CatalogFilterLayout.Filters>
              <EntityKindPicker initialFilter="api" hidden />
              <EntityTypePicker />
              <UserListPicker initialFilter={initiallySelectedFilter} />
              <EntityOwnerPicker />
              <EntityLifecyclePicker />
              <EntityTagPicker />
            </CatalogFilterLayout.Filters>
            <CatalogFilterLayout.Content>
              <CatalogTable columns={columns} />
            </CatalogFilterLayout.Content>
          </CatalogFilterLayout>
        </EntityListProvider>
      </Content>
    </>
  );
}
