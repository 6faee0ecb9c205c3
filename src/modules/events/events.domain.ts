import { DateTime } from 'luxon';
import type { EventKind, Publication } from '../../database.js';

export type { EventKind };

/** The kinds of event (migration 0006), in the order forms and filters list them. */
export const EVENT_KINDS: readonly EventKind[] = ['peer_learning_event', 'exchange_visit', 'study_tour', 'training', 'workshop', 'forum_session', 'webinar'];

/** Participant counts by sex and by constituency (the ILO's tripartite constituents plus civil society). */
export const SEXES = ['women', 'men', 'other'] as const;
export const CONSTITUENCIES = ['government', 'workers', 'employers', 'civil_society', 'other'] as const;
export type Sex = (typeof SEXES)[number];
export type Constituency = (typeof CONSTITUENCIES)[number];

export interface Participants {
  bySex: Record<Sex, number | null>;
  byConstituency: Record<Constituency, number | null>;
}

export interface AgendaItem {
  /** Local date-time in the event's zone, "YYYY-MM-DDTHH:mm". */
  startsAt?: string;
  title: string;
  description?: string;
}

export interface FieldVisit {
  title: string;
  place?: string;
  description?: string;
}

/** A place as an event names it: enough to show and link it. */
export interface EventPlace {
  id: string;
  name: string;
  countryCode: string;
  latitude: number | null;
  longitude: number | null;
}

export interface NamedLink {
  id: string;
  title: string;
}

/** One event as services hand it to views, presenters and the calendar. */
export interface PeerEvent {
  id: string;
  title: string;
  kind: EventKind;
  language: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  place: EventPlace | null;
  venue: string | null;
  description: string;
  organisers: { id: string; name: string; countryCode: string | null }[];
  places: EventPlace[];
  participants: Participants;
  agenda: AgendaItem[];
  fieldVisits: FieldVisit[];
  outcomes: string;
  learningReport: string;
  /** The linked partnerships and practices the reader may see (all of them in a snapshot). */
  partnerships: NamedLink[];
  practices: NamedLink[];
  publication: Publication;
  deleted: boolean;
  version: number;
  demo: boolean;
  createdBy: string | null;
  ownerOrganisationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What "what we learned" leaves on an event. */
export interface EventLearning {
  id: string;
  eventId: string;
  memberId: string | null;
  /** The author's name, only if they made it public. */
  authorName: string | null;
  place: { id: string; name: string; countryCode: string } | null;
  organisation: { id: string; name: string } | null;
  learned: string;
  willAdapt: string;
  adaptedFrom: NamedLink | null;
  practiceId: string | null;
  demo: boolean;
  createdAt: Date;
}

// Time zones -------------------------------------------------------------------------------------

let zones: ReadonlySet<string> | undefined;

/** The IANA zones this runtime knows (Intl), plus UTC: the only ones an event may name. */
export function knownTimeZones(): ReadonlySet<string> {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return zones;
}

export function isKnownTimeZone(zone: string): boolean {
  return knownTimeZones().has(zone);
}

const ISO_LOCAL_OR_OFFSET = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * An ISO 8601 date-time as an instant: with an offset (or Z) it is that instant; without one it
 * is a wall-clock time in `zone` ("2012-11-07T09:00" in Africa/Maputo is 07:00Z). A bare date
 * is the start of that day, or its last minute when `endOfDay` (an end date). Undefined when
 * the text is not such a date-time or names no real time.
 */
export function parseEventTime(value: string, zone: string, endOfDay = false): Date | undefined {
  const match = ISO_LOCAL_OR_OFFSET.exec(value.trim());
  if (match === null) return undefined;
  const [, day, time, offset] = match;
  const text = time === undefined ? `${day}T${endOfDay ? '23:59' : '00:00'}` : `${day}T${time}${offset ?? ''}`;
  const parsed = DateTime.fromISO(text.replace(' ', 'T'), { zone, setZone: false });
  if (!parsed.isValid) return undefined;
  // Luxon moves a wall-clock time that does not exist (a DST gap) forward; a date like 02-30
  // is invalid above. Either way the instant is real.
  return parsed.toJSDate();
}

/** An instant as ISO 8601 in the event's zone, with its offset: "2012-11-07T09:00:00+02:00". */
export function localIso(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true }) ?? instant.toISOString();
}

/** An instant as the wall clock of a zone, "YYYY-MM-DDTHH:mm" (a datetime-local field's value). */
export function localMinute(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** Has the event ended (knowledge capture is for events that took place)? */
export function hasEnded(event: Pick<PeerEvent, 'endsAt'>, now: Date = new Date()): boolean {
  return event.endsAt.getTime() < now.getTime();
}

/** Sum of counts given; null when none is. */
export function totalOf(counts: Record<string, number | null>): number | null {
  const given = Object.values(counts).filter((n): n is number => n !== null);
  return given.length === 0 ? null : given.reduce((a, b) => a + b, 0);
}
