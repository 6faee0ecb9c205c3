export type { AuditEntry, Member, MemberAccess, ApiTokenInfo, MemberRole, TokenScope } from './accounts.domain.js';
export { emailKeyOf, maxScopeOf, ROLES, SCOPES } from './accounts.domain.js';
export {
  recordAudit, purgeAccountsData, createMember, listMembers, findMemberByEmail, changeMemberAccess, disableMember, invite,
  createApiToken, authenticateSession, authenticateToken, authenticateBearer, recordSecurityEvent, requireMember,
  type Accounts, type Authenticated, type MemberSummary, type AccessChanges,
} from './accounts.service.js';
export { accountsPages } from './accounts.pages.js';
export { accountsApi } from './accounts.api.js';
export { SESSION_COOKIE, SESSION_COOKIE_SECURE, sessionCookieName, carriesSessionCookie, clearSessionCookie, readSessionCookie } from './accounts.cookies.js';
export { focalPointContacts } from './accounts.repository.js';
