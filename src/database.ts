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
  recordType: 'practice' | 'place' | 'organisation' | CooperationRecordType;
  recordId: string;
  version: number;
  memberId: string | null;
  at: Generated<Date>;
  status: string | null;
  note: string | null;
  data: Json<Record<string, unknown>>;
}

/** The cooperation records (migration 0006) that keep versions and state changes. */
export type CooperationRecordType = 'need' | 'offer' | 'match' | 'partnership' | 'event' | 'roadmap' | 'commitment' | 'indicator';
/** A record's curation state (the practices' workflow), apart from its lifecycle status. */
export type Publication = 'draft' | 'submitted' | 'in_review' | 'published' | 'archived';
/** A calendar day as ISO text, YYYY-MM-DD (the date parser keeps it a string). */
type Day = string;
type JsonArray<T> = ColumnType<T[], string | undefined, string>;

/** The curation columns every stand-alone cooperation record carries (migration 0006). */
export interface CurationColumns {
  publication: ColumnType<Publication, Publication | undefined, Publication>;
  deletedAt: NullableTimestamp;
  version: Generated<number>;
  createdBy: string | null;
  ownerOrganisationId: string | null;
  demo: Generated<boolean>;
  createdAt: Generated<Date>;
  updatedAt: Timestamp;
}

/** The vocabulary codes a need, offer or partnership is tagged with (as practices are). */
export interface VocabularyColumns {
  pillars: ColumnType<string[], string[] | undefined, string[]>;
  criticalAreas: ColumnType<string[], string[] | undefined, string[]>;
  challenges: ColumnType<string[], string[] | undefined, string[]>;
  sectors: ColumnType<string[], string[] | undefined, string[]>;
  targetGroups: ColumnType<string[], string[] | undefined, string[]>;
}

export interface NeedsOffersTable extends CurationColumns, VocabularyColumns {
  id: Generated<string>;
  kind: 'need' | 'offer';
  title: string;
  description: Generated<string>;
  language: Generated<string>;
  placeId: string | null;
  organisationId: string | null;
  contactName: string | null;
  contactEmail: string | null;
  expiresOn: Day;
  practiceId: string | null;
}

export type PartnershipStatus = 'idea' | 'negotiating' | 'signed' | 'active' | 'completed' | 'lapsed';
export type PartyRole = 'provider' | 'beneficiary' | 'peer' | 'facilitator' | 'funder';

export interface PartnershipsTable extends CurationColumns, VocabularyColumns {
  id: Generated<string>;
  title: string;
  description: Generated<string>;
  language: Generated<string>;
  type: 'twinning' | 'memorandum_of_understanding' | 'project' | 'network';
  status: ColumnType<PartnershipStatus, PartnershipStatus | undefined, PartnershipStatus>;
  modality: string | null;
  modalityReason: string | null;
  startsOn: Day | null;
  endsOn: Day | null;
  agreementOn: Day | null;
  documents: JsonArray<{ title: string; url: string; date?: string }>;
}

export interface PartnershipPartiesTable {
  partnershipId: string;
  position: number;
  placeId: string | null;
  organisationId: string | null;
  role: PartyRole;
}

export interface PartnershipPracticesTable {
  partnershipId: string;
  practiceId: string;
}

export interface PartnershipContributionsTable {
  partnershipId: string;
  position: number;
  partyPosition: number | null;
  kind: 'cash' | 'in_kind';
  amount: number | null;
  currency: string | null;
  description: string | null;
}

export type MatchStatus = 'proposed' | 'contacted' | 'accepted' | 'declined' | 'partnership_created';

export interface MatchesTable extends CurationColumns {
  id: Generated<string>;
  needId: string;
  counterpartKind: 'offer' | 'practice' | 'place';
  offerId: string | null;
  practiceId: string | null;
  placeId: string | null;
  score: number;
  explanation: JsonArray<Record<string, unknown>>;
  status: ColumnType<MatchStatus, MatchStatus | undefined, MatchStatus>;
  partnershipId: string | null;
}

export type EventKind = 'peer_learning_event' | 'exchange_visit' | 'study_tour' | 'training' | 'workshop' | 'forum_session' | 'webinar';

export interface EventsTable extends CurationColumns {
  id: Generated<string>;
  title: string;
  kind: EventKind;
  language: Generated<string>;
  startsAt: Timestamp;
  endsAt: Timestamp;
  timeZone: string;
  placeId: string | null;
  venue: string | null;
  description: Generated<string>;
  participantsWomen: number | null;
  participantsMen: number | null;
  participantsOther: number | null;
  participantsGovernment: number | null;
  participantsWorkers: number | null;
  participantsEmployers: number | null;
  participantsCivilSociety: number | null;
  participantsOtherConstituency: number | null;
  agenda: JsonArray<{ startsAt?: string; title: string; description?: string }>;
  fieldVisits: JsonArray<{ title: string; place?: string; description?: string }>;
  outcomes: Generated<string>;
  learningReport: Generated<string>;
}

export interface EventOrganisersTable {
  eventId: string;
  position: number;
  organisationId: string;
}

export interface EventPlacesTable {
  eventId: string;
  placeId: string;
}

export interface EventPartnershipsTable {
  eventId: string;
  partnershipId: string;
}

export interface EventPracticesTable {
  eventId: string;
  practiceId: string;
}

export interface EventLearningsTable {
  id: Generated<string>;
  eventId: string;
  memberId: string | null;
  placeId: string | null;
  organisationId: string | null;
  learned: string;
  willAdapt: string;
  adaptedFromPracticeId: string | null;
  practiceId: string | null;
  demo: Generated<boolean>;
  createdAt: Generated<Date>;
}

export interface RoadmapsTable extends CurationColumns {
  id: Generated<string>;
  title: string;
  description: Generated<string>;
  language: Generated<string>;
  eventId: string | null;
  adoptedOn: Day | null;
}

export type CommitmentStatus = 'pending' | 'in_progress' | 'done' | 'dropped';

export interface CommitmentsTable {
  id: Generated<string>;
  roadmapId: string;
  number: number;
  text: string;
  dueOn: Day | null;
  status: ColumnType<CommitmentStatus, CommitmentStatus | undefined, CommitmentStatus>;
  evidence: JsonArray<{ title?: string; url: string }>;
  version: Generated<number>;
  demo: Generated<boolean>;
  createdAt: Generated<Date>;
  updatedAt: Timestamp;
}

export interface CommitmentOwnersTable {
  commitmentId: string;
  position: number;
  placeId: string | null;
  organisationId: string | null;
}

export interface CommitmentNotesTable {
  id: Generated<string>;
  commitmentId: string;
  notedOn: Day;
  text: string;
  memberId: string | null;
  createdAt: Generated<Date>;
}

export interface CommitmentRemindersTable {
  id: Generated<string>;
  commitmentId: string;
  remindedOn: Day;
  recipients: ColumnType<string[], string[] | undefined, string[]>;
  delivery: 'smtp' | 'outbox' | 'none';
  createdAt: Generated<Date>;
}

export interface OutcomesTable {
  id: Generated<string>;
  partnershipId: string | null;
  programmePlaceId: string | null;
  programmeTitle: string | null;
  title: string;
  createdAt: Generated<Date>;
}

export interface IndicatorsTable extends CurationColumns {
  id: Generated<string>;
  outcomeId: string;
  title: string;
  unit: string;
  measure: 'count' | 'percentage' | 'amount' | 'score';
  bySex: Generated<boolean>;
  baselineValue: number | null;
  baselineWomen: number | null;
  baselineMen: number | null;
  baselineOn: Day | null;
}

export interface IndicatorTargetsTable {
  indicatorId: string;
  targetOn: Day;
  value: number;
  women: number | null;
  men: number | null;
}

export interface IndicatorMeasurementsTable {
  indicatorId: string;
  measuredOn: Day;
  value: number;
  women: number | null;
  men: number | null;
  note: string | null;
  memberId: string | null;
  createdAt: Generated<Date>;
}

export interface StateChangesTable {
  id: Generated<number>;
  recordType: CooperationRecordType;
  recordId: string;
  field: 'status' | 'publication';
  fromValue: string | null;
  toValue: string;
  note: string | null;
  memberId: string | null;
  at: Generated<Date>;
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
  needsOffers: NeedsOffersTable;
  partnerships: PartnershipsTable;
  partnershipParties: PartnershipPartiesTable;
  partnershipPractices: PartnershipPracticesTable;
  partnershipContributions: PartnershipContributionsTable;
  matches: MatchesTable;
  events: EventsTable;
  eventOrganisers: EventOrganisersTable;
  eventPlaces: EventPlacesTable;
  eventPartnerships: EventPartnershipsTable;
  eventPractices: EventPracticesTable;
  eventLearnings: EventLearningsTable;
  roadmaps: RoadmapsTable;
  commitments: CommitmentsTable;
  commitmentOwners: CommitmentOwnersTable;
  commitmentNotes: CommitmentNotesTable;
  commitmentReminders: CommitmentRemindersTable;
  outcomes: OutcomesTable;
  indicators: IndicatorsTable;
  indicatorTargets: IndicatorTargetsTable;
  indicatorMeasurements: IndicatorMeasurementsTable;
  stateChanges: StateChangesTable;
}

export type Db = Kysely<Database>;
