export { defineLifecycle, lifecycleAllows, type CooperationRecordType, type Lifecycle, type Publication, type RecordHead, type StateChange } from './lifecycle.domain.js';
export { curationColumns, visibleTo, type CooperationTable } from './lifecycle.repository.js';
export {
  allowedActions, changePublication, changeStatus, changeStatusIn, checkCanCreate, editableHead, invalid, PUBLICATION_TARGETS, readableHead, recordCreation, recordEdit, refused, stale, stateOf, tiesOf, timelineOf,
  versionsOfRecord, type CooperationStore,
} from './lifecycle.service.js';
export { CurationFields, Day, IdParams, Link, PublicationChangeBody, StatusChangeBody, Timeline } from './lifecycle.schemas.js';
export { lifecycleApi, lifecyclePages, type CooperationModuleOptions, type LifecycleRoutes } from './lifecycle.routes.js';
export { formatDay, LifecycleActions, statusLabel, TimelineSection } from './lifecycle.views.js';
