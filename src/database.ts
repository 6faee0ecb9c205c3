import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Criterion, Result, Source, WrittenPartner, WrittenPlace } from './modules/practices/practices.domain.js';

/**
 * The tables as Kysely sees them (camelCase: the CamelCasePlugin maps snake_case columns in
 * one place). Only repositories use these types to write SQL.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface CountriesTable {
  code: string;
  alpha3: string;
  numericCode: string;
  names: Json<Record<string, string>>;
  regionCode: string | null;
  regionName: string | null;
  subregionCode: string | null;
  subregionName: string | null;
  intermediateRegionCode: string | null;
  intermediateRegionName: string | null;
  ldc: boolean;
  lldc: boolean;
  sids: boolean;
  globalSouth: boolean;
  globalSouthRule: string;
  languages: string[];
  geonamesId: number | null;
}

export interface PlacesTable {
  id: Generated<string>;
  kind: string;
  name: string;
  altNames: string[];
  countryCode: string;
  adminCode: string | null;
  population: number | null;
  populationYear: number | null;
  latitude: number | null;
  longitude: number | null;
  geonamesId: number | null;
  origin: 'reference' | 'import' | 'member';
  needsReview: Generated<boolean>;
  version: Generated<number>;
  mergedInto: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PlaceNamesTable {
  placeId: string;
  nameKey: string;
}

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  nameKey: string;
  kind: string | null;
  countryCode: string | null;
  placeId: string | null;
  website: string | null;
  iatiOrgId: string | null;
  origin: 'import' | 'member';
  needsReview: Generated<boolean>;
  version: Generated<number>;
  mergedInto: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PracticesTable {
  id: Generated<string>;
  source: string;
  sourceId: string;
  status: string;
  title: string;
  summary: string;
  body: string | null;
  language: string;
  modality: string;
  modalityDerived: boolean;
  pillars: string[];
  criticalAreas: string[];
  challenges: string[];
  sectors: string[];
  targetGroups: string[];
  keywords: string[];
  criteria: Json<Criterion[]>;
  results: Json<Result[]>;
  sources: Json<Source[]>;
  places: Json<WrittenPlace[]>;
  partners: Json<WrittenPartner[]>;
  periodStart: string | null;
  periodEnd: string | null;
  adaptedFrom: string | null;
  criteriaMet: number;
  goodPractice: boolean;
  countryCodes: string[];
  regionCodes: string[];
  createdAt: Timestamp;
  updatedAt: Timestamp;
  publishedAt: NullableTimestamp;
  version: Generated<number>;
  createdBy: string | null;
  ownerOrganisationId: string | null;
  reviewComment: string | null;
  deletedAt: NullableTimestamp;
}

export interface PracticePlacesTable {
  practiceId: string;
  position: number;
  placeId: string | null;
  countryCode: string;
}

export interface PracticePartnersTable {
  practiceId: string;
  position: number;
  organisationId: string;
  role: string | null;
}

export interface MetaTable {
  key: string;
  value: Json<unknown>;
  updatedAt: Timestamp;
}

export type MemberRole = 'admin' | 'curator' | 'member';
export type TokenScope = 'read' | 'write' | 'admin';

export interface MembersTable {
  id: Generated<string>;
  email: string;
  emailKey: string;
  name: Generated<string>;
  passwordHash: string | null;
  role: Generated<MemberRole>;
  state: Generated<'active' | 'disabled'>;
  emailVerifiedAt: NullableTimestamp;
  languages: Generated<string[]>;
  expertise: Generated<string[]>;
  publicFields: Generated<string[]>;
  passwordChangedAt: NullableTimestamp;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface MemberOrganisationsTable {
  memberId: string;
  organisationId: string;
  focalPoint: Generated<boolean>;
}

export interface MemberPlacesTable {
  memberId: string;
  placeId: string;
}

export interface SessionsTable {
  idHash: string;
  memberId: string;
  csrfToken: string;
  createdAt: Generated<Date>;
  lastSeenAt: Generated<Date>;
  expiresAt: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  memberId: string;
  name: Generated<string>;
  scope: TokenScope;
  tokenHash: string;
  createdAt: Generated<Date>;
  lastUsedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
}

export interface EmailTokensTable {
  tokenHash: string;
  kind: 'verify' | 'reset' | 'invite';
  memberId: string | null;
  emailKey: string;
  role: MemberRole | null;
  createdAt: Generated<Date>;
  expiresAt: Timestamp;
  usedAt: NullableTimestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  memberId: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  subjectKey: string | null;
  ip: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface RecordVersionsTable {
  recordType: 'practice' | 'place' | 'organisation';
  recordId: string;
  version: number;
  memberId: string | null;
  at: Generated<Date>;
  status: string | null;
  note: string | null;
  data: Json<Record<string, unknown>>;
}

export interface Database {
  meta: MetaTable;
  countries: CountriesTable;
  places: PlacesTable;
  placeNames: PlaceNamesTable;
  organisations: OrganisationsTable;
  practices: PracticesTable;
  practicePlaces: PracticePlacesTable;
  practicePartners: PracticePartnersTable;
  members: MembersTable;
  memberOrganisations: MemberOrganisationsTable;
  memberPlaces: MemberPlacesTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  emailTokens: EmailTokensTable;
  auditLog: AuditLogTable;
  recordVersions: RecordVersionsTable;
}

export type Db = Kysely<Database>;
