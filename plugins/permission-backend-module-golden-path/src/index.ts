/**
 * Permission policy module: roles and ownership conditions from YAML policy
 * files that a platform team edits without code.
 *
 * @packageDocumentation
 */
export { permissionModuleGoldenPathPolicy as default } from './module';
export { RolePermissionPolicy } from './policy/RolePermissionPolicy';
export type { GroupsOf } from './policy/RolePermissionPolicy';
export {
  parsePolicy,
  mergePolicies,
  PolicyFileError,
} from './policy/parsePolicy';
export type {
  Policy,
  PolicyRole,
  PolicyRule,
  RoleMember,
} from './policy/parsePolicy';
