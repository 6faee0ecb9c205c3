import type { MemberRole, TokenScope } from '../../database.js';

export type { MemberRole, TokenScope };
export type EmailTokenKind = 'verify' | 'reset' | 'invite';

export const ROLES: readonly MemberRole[] = ['admin', 'curator', 'member'];
export const SCOPES: readonly TokenScope[] = ['read', 'write', 'admin'];

/** Profile fields a member may show to the public (`public_fields`). */
export const PUBLIC_FIELDS = ['name', 'organisations', 'languages', 'expertise'] as const;
export type PublicField = (typeof PUBLIC_FIELDS)[number];

/** Languages a member may say they work in (ISO 639-1), offered as checkboxes on /account. */
export const PROFILE_LANGUAGES = ['en', 'fr', 'es', 'pt', 'ar', 'ru', 'zh', 'sw', 'hi', 'id'] as const;

export interface Member {
  id: string;
  email: string;
  emailKey: string;
  name: string;
  passwordHash: string | null;
  role: MemberRole;
  state: 'active' | 'disabled';
  emailVerifiedAt: Date | null;
  languages: string[];
  expertise: string[];
  publicFields: string[];
  passwordChangedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What ties a member to organisations and places (grants owner / focal-point relations). */
export interface MemberAccess {
  organisationIds: readonly string[];
  focalOrganisationIds: readonly string[];
  focalPlaceIds: readonly string[];
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** One line of the audit log. `ip` is erased after PONTES_AUDIT_IP_DAYS. */
export interface AuditEntry {
  action: string;
  memberId?: string | null;
  recordType?: string | null;
  recordId?: string | null;
  /** What the entry is about when it is not a record, e.g. the folded email of a failed sign-in. */
  subjectKey?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

/** The highest token scope a role may hold: only admins get `admin`. */
export function maxScopeOf(role: MemberRole): TokenScope {
  return role === 'admin' ? 'admin' : 'write';
}

/** The key an email is found by: trimmed, NFC, lower-cased. */
export function emailKeyOf(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** A deliberately plain check: one @, something on each side, a dot in the domain, no spaces. */
export function isEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/.test(email);
}

/** Does the text hold control characters (C0, DEL)? Names and tags never need them. */
export function hasControlCharacters(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
