export { diffVersions, recordAudit, recordSave, versionsOf, type DiffPart, type RecordType, type RecordVersion } from './versions.service.js';
export { HistoryPage } from './versions.views.js';
export { RecordVersionList } from './versions.schemas.js';
