import type { Modality } from './practices.modality.js';

export const PRACTICE_STATUSES = ['draft', 'submitted', 'in_review', 'published', 'archived'] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];

/** The handbook's rule: three or more criteria documented with evidence earn the mark. */
export const GOOD_PRACTICE_MIN_CRITERIA = 3;

export function criteriaWithEvidence(criteria: { code: string; evidence?: string | undefined }[]): number {
  return new Set(criteria.filter((c) => c.evidence !== undefined && c.evidence.trim() !== '').map((c) => c.code)).size;
}

/** Parts of a practice record, as the exchange format writes them. */
export type Criterion = { code: string; evidence?: string };
export type Result = { text: string; value?: number; unit?: string; year?: number };
export type Source = { url: string; title?: string };
export type Period = { start?: string; end?: string };
export type WrittenPlace = { city?: string; country: string; geonames_id?: number };
export type WrittenPartner = { name: string; role?: string; kind?: string; country?: string };

/** A practice record in the exchange format (schemas/practice.schema.json), once validated. */
export interface ExchangePractice {
  id: string;
  title: string;
  summary: string;
  body?: string;
  language: string;
  places: WrittenPlace[];
  partners?: WrittenPartner[];
  modality?: Modality;
  pillars?: string[];
  critical_areas?: string[];
  challenges?: string[];
  sectors?: string[];
  target_groups?: string[];
  keywords?: string[];
  criteria?: Criterion[];
  results?: Result[];
  period?: Period;
  adapted_from?: string;
  sources?: Source[];
}

export interface PracticePlace {
  position: number;
  placeId: string | null;
  name: string | null;
  writtenAs: string | null;
  countryCode: string;
  geonamesId: number | null;
  needsReview: boolean;
}

export interface PracticePartner {
  position: number;
  organisationId: string;
  name: string;
  role: string | null;
  kind: string | null;
  countryCode: string | null;
}

export interface PracticeLink {
  id: string;
  sourceId: string;
  title: string;
  places: string[];
}

/** A practice as services hand it to pages and the API. */
export interface Practice {
  id: string;
  source: string;
  sourceId: string;
  status: PracticeStatus;
  title: string;
  summary: string;
  body: string | null;
  language: string;
  modality: Modality;
  modalityDerived: boolean;
  pillars: string[];
  criticalAreas: string[];
  challenges: string[];
  sectors: string[];
  targetGroups: string[];
  keywords: string[];
  criteria: Criterion[];
  results: Result[];
  sources: Source[];
  period: Period | null;
  criteriaMet: number;
  goodPractice: boolean;
  countryCodes: string[];
  places: PracticePlace[];
  partners: PracticePartner[];
  /** The exchange-format id this practice says it adapts, resolved or not. */
  adaptedFromSourceId: string | null;
  adaptedFrom: PracticeLink | null;
  adaptedBy: PracticeLink[];
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  /** The curation state: the status, or deleted (an admin's soft delete). */
  state: PracticeStatus | 'deleted';
  /** Counts saves; a save must name the version it edited (optimistic concurrency). */
  version: number;
  createdBy: string | null;
  ownerOrganisationId: string | null;
  /** The curator's comment when the practice went back to draft. */
  reviewComment: string | null;
}
