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
} from '@backstage/plugin-catalog-react';
import { catalogEntityCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import { usePermission } from '@backstage/plugin-permission-react';
import { HeaderPage } from '@backstage/ui';
import { useMemo } from 'react';
import { FittingUserListPicker } from '../catalogFilters/FittingUserListPicker';
import { apiExplorerColumns } from './apiExplorerColumns';

/**
 * Backstage's API explorer page of the new frontend system (the same
 * filters, header and actions, "Register existing API" only for those
 * allowed to create catalog entities) with readable table columns: the
 * stock page takes no columns through its extension config.
 */
export function ApiExplorerPage(props: {
  initiallySelectedFilter?: UserListFilterKind;
}) {
  const { initiallySelectedFilter = 'all' } = props;
  const configApi = useApi(configApiRef);
  const { t } = useTranslationRef(apiDocsTranslationRef);
  const registerApiLink = useRouteRef(apiDocsPlugin.externalRoutes.registerApi);
  // As Backstage's own catalog and API explorer pages: registering an API
  // creates a catalog entity, so only those allowed to create one see it.
  const { allowed: canRegister } = usePermission({
    permission: catalogEntityCreatePermission,
  });
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
            {canRegister && registerApiLink && (
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
              <FittingUserListPicker initialFilter={initiallySelectedFilter} />
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
