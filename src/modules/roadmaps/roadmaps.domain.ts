import type { CommitmentStatus, Publication } from '../../database.js';
import { defineLifecycle } from '../lifecycle/index.js';
import { todayUtc } from '../../platform/dates.js';

export type { CommitmentStatus };

/**
 * A commitment's lifecycle (issue 5: pending, in progress, done, dropped).
 * - pending → in_progress (work started), done (finished without an "in progress" step), dropped;
 * - in_progress → done, dropped, or back to pending (work stopped before anything came of it);
 * - done → in_progress: reopened (the evidence did not hold, more is needed); a done commitment
 *   is not dropped or made pending directly — reopen it first, so the timeline says why;
 * - dropped → pending: taken up again. A dropped commitment does not jump to done: what was
 *   done after it was taken up again is recorded by moving it on from pending.
 * A move to the status it is in is not a move (409, like every move not listed).
 */
export const COMMITMENT_LIFECYCLE = defineLifecycle<CommitmentStatus>({
  noun: 'commitment',
  initial: 'pending',
  statuses: ['pending', 'in_progress', 'done', 'dropped'],
  moves: {
    pending: ['in_progress', 'done', 'dropped'],
    in_progress: ['done', 'dropped', 'pending'],
    done: ['in_progress'],
    dropped: ['pending'],
  },
});

/** The statuses in which a commitment whose due date has passed is overdue. */
export const OPEN_STATUSES: readonly CommitmentStatus[] = ['pending', 'in_progress'];

/** A place or an organisation that answers for a commitment, with its name for pages. */
export interface CommitmentOwner {
  placeId: string | null;
  organisationId: string | null;
  name: string;
  countryCode: string | null;
}

export interface Evidence {
  title?: string;
  url: string;
}

/** A dated follow-up note (commitment_notes). */
export interface CommitmentNote {
  id: string;
  notedOn: string;
  text: string;
  by: { memberId: string | null; name: string | null };
  createdAt: Date;
}

export interface Commitment {
  id: string;
  roadmapId: string;
  roadmapTitle: string;
  number: number;
  text: string;
  owners: CommitmentOwner[];
  dueOn: string | null;
  status: CommitmentStatus;
  /** Due before `today` and still pending or in progress. */
  overdue: boolean;
  evidence: Evidence[];
  notes: CommitmentNote[];
  /** Its roadmap's curation state (a commitment is published with its roadmap). */
  publication: Publication;
  version: number;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Where a roadmap's commitments stand. */
export interface RoadmapProgress {
  total: number;
  pending: number;
  inProgress: number;
  done: number;
  dropped: number;
  overdue: number;
  /**
   * Done among those still meant to be done (dropped ones left out, so a roadmap whose every
   * remaining commitment is done reaches 1); null when there is none.
   */
  shareDone: number | null;
}

export interface RoadmapEventRef {
  id: string;
  title: string;
  startsAt: Date;
  placeId: string | null;
}

export interface RoadmapSummary {
  id: string;
  title: string;
  description: string;
  language: string;
  eventId: string | null;
  event: RoadmapEventRef | null;
  adoptedOn: string | null;
  publication: Publication;
  deleted: boolean;
  version: number;
  createdBy: string | null;
  ownerOrganisationId: string | null;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
  progress: RoadmapProgress;
}

export interface Roadmap extends RoadmapSummary {
  commitments: Commitment[];
}

/** Is a commitment overdue on `today` (YYYY-MM-DD, UTC)? Days compare as strings. */
export function isOverdue(commitment: { dueOn: string | null; status: CommitmentStatus }, today: string): boolean {
  return commitment.dueOn !== null && commitment.dueOn < today && OPEN_STATUSES.includes(commitment.status);
}

/** The progress summary of a roadmap's commitments on `today`. */
export function progressOf(commitments: readonly { dueOn: string | null; status: CommitmentStatus }[], today: string): RoadmapProgress {
  const count = (status: CommitmentStatus) => commitments.filter((c) => c.status === status).length;
  const done = count('done');
  const dropped = count('dropped');
  const meant = commitments.length - dropped;
  return {
    total: commitments.length,
    pending: count('pending'),
    inProgress: count('in_progress'),
    done,
    dropped,
    overdue: commitments.filter((c) => isOverdue(c, today)).length,
    shareDone: meant === 0 ? null : Math.round((done / meant) * 1000) / 1000,
  };
}

/** A real calendar day written YYYY-MM-DD (2023-02-30 is not one). */
export function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The day after `day` (for the note date a member a few hours ahead of UTC may write). */
export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export { todayUtc };
