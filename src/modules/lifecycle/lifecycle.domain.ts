import type { CooperationRecordType, Publication } from '../../database.js';
import type { RecordTies } from '../../platform/auth/permissions.js';

export type { CooperationRecordType, Publication };

/**
 * A record's lifecycle: its statuses and the moves allowed between them. A move to the status
 * the record is already in is not a move (refused like any other that is not listed).
 */
export interface Lifecycle<S extends string = string> {
  /** The record's name in messages ("a partnership that is signed cannot become idea"). */
  noun: string;
  initial: S;
  statuses: readonly S[];
  moves: Readonly<Record<S, readonly S[]>>;
}

/** Declares a lifecycle; every status must be listed in `moves`, every target must be a status. */
export function defineLifecycle<const S extends string>(lifecycle: Lifecycle<S>): Lifecycle<S> {
  for (const [from, targets] of Object.entries(lifecycle.moves) as [S, readonly S[]][]) {
    if (!lifecycle.statuses.includes(from)) throw new Error(`${lifecycle.noun}: unknown status ${from}`);
    for (const to of targets) {
      if (!lifecycle.statuses.includes(to) || to === from) throw new Error(`${lifecycle.noun}: bad move ${from} → ${to}`);
    }
  }
  return lifecycle;
}

/** Is `from → to` one of the lifecycle's moves? */
export function lifecycleAllows<S extends string>(lifecycle: Lifecycle<S>, from: S, to: string): to is S {
  return (lifecycle.moves[from] ?? []).includes(to as S);
}

/** Where a record stands, as the permission checks and the state changes need it. */
export interface RecordHead {
  id: string;
  /** The record's title (a commitment: its text), for messages and the timeline. */
  title: string;
  /** Its lifecycle status; null for records without one (needs, events, roadmaps, indicators). */
  status: string | null;
  /** Its curation state (a commitment: its roadmap's). */
  publication: Publication;
  deleted: boolean;
  version: number;
  ties: RecordTies;
}

/** One entry of a record's timeline: a lifecycle or publication change, or the creation. */
export interface StateChange {
  field: 'status' | 'publication';
  from: string | null;
  to: string;
  note: string | null;
  at: Date;
  /** Who made it, as the public may know them: the name if the member made it public. */
  by: { memberId: string | null; name: string | null };
}
