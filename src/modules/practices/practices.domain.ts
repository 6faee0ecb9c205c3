import type { Modality } from './practices.modality.js';

export const PRACTICE_STATUSES = ['draft', 'submitted', 'in_review', 'published', 'archived'] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];

/** The handbook's rule: three or more criteria documented with evidence earn the mark. */
export const GOOD_PRACTICE_MIN_CRITERIA = 3;

export function criteriaWithEvidence(criteria: { code: string; evidence?: string | undefined }[]): number {
  return new Set(criteria.filter((c) => c.evidence !== undefined && c.evidence.trim() !== '').map((c) => c.code)).size;
}

/** A practice record in the exchange format (schemas/practice.schema.json), once validated. */
export interface ExchangePractice {
  id: string;
  title: string;
  summary: string;
  body?: string;
  language: string;
  places: { city?: string; country: string; geonames_id?: number }[];
  partners?: { name: string; role?: string; kind?: string; country?: string }[];
  modality?: Modality;
  pillars?: string[];
  critical_areas?: string[];
  challenges?: string[];
  sectors?: string[];
  target_groups?: string[];
  keywords?: string[];
  criteria?: { code: string; evidence?: string }[];
  results?: { text: string; value?: number; unit?: string; year?: number }[];
  period?: { start?: string; end?: string };
  adapted_from?: string;
  sources?: { url: string; title?: string }[];
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
  criteria: { code: string; evidence?: string }[];
  results: { text: string; value?: number; unit?: string; year?: number }[];
  sources: { url: string; title?: string }[];
  period: { start?: string; end?: string } | null;
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
}
