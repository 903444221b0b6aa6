export { FittingUserListPicker } from './FittingUserListPicker';
export { userListFilterThatFits } from './userListFilter';
