import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Paging, pageOf } from '../api/api.schemas.js';
import { CurationFields } from '../lifecycle/index.js';
import { EVENT_KINDS } from './events.domain.js';

const Uuid = Type.String({ format: 'uuid' });
const Count = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'A number of people (a whole number, 0 or more); null when not known' });
const Kind = Type.Union(EVENT_KINDS.map((kind) => Type.Literal(kind)), { description: EVENT_KINDS.join(', ') });

const ParticipantsInput = Type.Object(
  {
    by_sex: Type.Optional(Type.Object({ women: Type.Optional(Count), men: Type.Optional(Count), other: Type.Optional(Count) }, { additionalProperties: false })),
    by_constituency: Type.Optional(Type.Object(
      { government: Type.Optional(Count), workers: Type.Optional(Count), employers: Type.Optional(Count), civil_society: Type.Optional(Count), other: Type.Optional(Count) },
      { additionalProperties: false },
    )),
  },
  { additionalProperties: false, description: 'Counts of participants by sex and by constituency' },
);

const AgendaItemInput = Type.Object(
  {
    starts_at: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 date-time; without an offset it is read in the event\'s time zone' })),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

const FieldVisitInput = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 300 }), place: Type.Optional(Type.String({ maxLength: 300 })), description: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);

const writeFields = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  kind: Kind,
  language: Type.Optional(Type.String({ minLength: 2, maxLength: 10, description: 'Language of the texts (en, fr, es, pt…)' })),
  start: Type.String({ maxLength: 40, description: 'ISO 8601: "2012-11-07T09:00" (read in time_zone) or with an offset ("2012-11-07T09:00+02:00", "…Z"); a bare date is the start of that day' }),
  end: Type.String({ maxLength: 40, description: 'ISO 8601 like start; a bare date is the last minute of that day. Must not be before start' }),
  time_zone: Type.String({ maxLength: 64, description: 'The event\'s IANA time zone, e.g. Africa/Maputo (or UTC): local times are read in it and the calendar uses it as TZID' }),
  place_id: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'The host place' })),
  venue: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
  description: Type.Optional(Type.String({ maxLength: 20000 })),
  organiser_ids: Type.Optional(Type.Array(Uuid, { maxItems: 50, description: 'Organisations that organise it, in order' })),
  place_ids: Type.Optional(Type.Array(Uuid, { maxItems: 100, description: 'Places taking part (besides the host place)' })),
  participants: Type.Optional(ParticipantsInput),
  agenda: Type.Optional(Type.Array(AgendaItemInput, { maxItems: 200 })),
  field_visits: Type.Optional(Type.Array(FieldVisitInput, { maxItems: 100 })),
  outcomes: Type.Optional(Type.String({ maxLength: 20000 })),
  learning_report: Type.Optional(Type.String({ maxLength: 100000, description: 'CommonMark. Raw HTML and links other than http, https and mailto are refused (400)' })),
  partnership_ids: Type.Optional(Type.Array(Uuid, { maxItems: 50, description: 'Partnerships the event belongs to (existing, not deleted)' })),
  practice_ids: Type.Optional(Type.Array(Uuid, { maxItems: 50, description: 'Practices shared or discussed at the event (ones you can see)' })),
  owner_organisation_id: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'One of your organisations: its members may edit the draft' })),
};

/** POST /events. */
export const EventCreateBody = Type.Object(writeFields, { additionalProperties: false, $id: 'EventCreate', title: 'EventCreate' });
export type EventCreateBody = Static<typeof EventCreateBody>;

/** PATCH /events/{id}: the fields given replace the stored ones. */
export const EventPatchBody = Type.Object(
  { ...Type.Partial(Type.Object(writeFields)).properties, version: Type.Optional(Type.Integer({ minimum: 1, description: 'The version edited (or If-Match)' })) },
  { additionalProperties: false, $id: 'EventPatch', title: 'EventPatch' },
);
export type EventPatchBody = Static<typeof EventPatchBody>;

const PlaceRef = Type.Object({ id: Type.String(), name: Type.String(), country_code: Type.String(), country_name: Type.String() });
const Counts = (names: readonly string[]) => Type.Object({ ...Object.fromEntries(names.map((n) => [n, Type.Union([Type.Integer(), Type.Null()])])), total: Type.Union([Type.Integer(), Type.Null()]) });

const eventCommon = {
  id: Type.String({ format: 'uuid' }),
  url: Type.String({ description: 'The event\'s page' }),
  ical_url: Type.String({ description: 'The event as iCalendar (RFC 5545)' }),
  title: Type.String(),
  kind: Type.String(),
  language: Type.String(),
  start: Type.String({ description: 'ISO 8601 in the event\'s zone, with its offset' }),
  end: Type.String(),
  starts_at: DateTime,
  ends_at: DateTime,
  time_zone: Type.String(),
  place_id: Type.Union([Type.String(), Type.Null()]),
  place: Type.Union([PlaceRef, Type.Null()], { description: 'The host place, with its name and country' }),
  venue: Type.Union([Type.String(), Type.Null()]),
  organisers: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), country_code: Type.Union([Type.String(), Type.Null()]) })),
  ...CurationFields,
};

export const EventItem = Type.Object(eventCommon, { $id: 'EventItem', title: 'EventItem' });

export const EventDetail = Type.Object(
  {
    ...eventCommon,
    description: Type.String(),
    places: Type.Array(PlaceRef),
    participants: Type.Object({ by_sex: Counts(['women', 'men', 'other']), by_constituency: Counts(['government', 'workers', 'employers', 'civil_society', 'other']) }),
    agenda: Type.Array(Type.Object({ starts_at: Type.Optional(Type.String()), title: Type.String(), description: Type.Optional(Type.String()) })),
    field_visits: Type.Array(Type.Object({ title: Type.String(), place: Type.Optional(Type.String()), description: Type.Optional(Type.String()) })),
    outcomes: Type.String(),
    learning_report: Type.String({ description: 'CommonMark' }),
    partnerships: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), url: Type.String() }), { description: 'Those you can see' }),
    practices: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), url: Type.String() }), { description: 'Those you can see' }),
    owner_organisation_id: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'EventDetail', title: 'EventDetail' },
);

export const EventPage = pageOf(EventItem, 'EventPage');

export const EventListQuery = Type.Object({
  kind: Type.Optional(Type.String({ description: `Comma-separated kinds (${EVENT_KINDS.join(', ')})` })),
  place_id: Type.Optional(Type.String({ format: 'uuid', description: 'Hosted at or attended by this place' })),
  year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2200, description: 'Starting in this year (in the event\'s own zone)' })),
  when: Type.Optional(Type.Union([Type.Literal('upcoming'), Type.Literal('past')], { description: 'upcoming: not yet ended; past: ended' })),
  partnership_id: Type.Optional(Type.String({ format: 'uuid' })),
  practice_id: Type.Optional(Type.String({ format: 'uuid' })),
  ...Paging,
});
export type EventListQuery = Static<typeof EventListQuery>;

export const EventFeedQuery = Type.Object({
  kind: Type.Optional(Type.String({ description: 'Comma-separated kinds' })),
  place_id: Type.Optional(Type.String({ format: 'uuid' })),
});

/** A calendar download, as the OpenAPI document describes it (text/calendar, not JSON). */
export const Calendar = Type.Unsafe<string>({
  description: 'iCalendar (RFC 5545): CRLF line ends, lines folded at 75 octets, a VTIMEZONE for each TZID used',
  content: { 'text/calendar': { schema: Type.String() } },
});

// Knowledge capture ------------------------------------------------------------------------------

export const LearningCreateBody = Type.Object(
  {
    learned: Type.String({ minLength: 1, maxLength: 20000, description: 'What we learned' }),
    will_adapt: Type.String({ minLength: 1, maxLength: 20000, description: 'What we will adapt' }),
    place_id: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'A place of yours (one you are focal point of, or one of your organisations\' places)' })),
    organisation_id: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'One of your organisations' })),
    adapted_from_practice_id: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'The practice you will adapt: one of the event\'s, or any you can see' })),
  },
  { additionalProperties: false, $id: 'LearningCreate', title: 'LearningCreate' },
);
export type LearningCreateBody = Static<typeof LearningCreateBody>;

export const Learning = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    event_id: Type.String({ format: 'uuid' }),
    member_id: Type.Union([Type.String(), Type.Null()]),
    author_name: Type.Union([Type.String(), Type.Null()], { description: 'Only when the member made their name public' }),
    place: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), country_code: Type.String() }), Type.Null()]),
    organisation: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
    learned: Type.String(),
    will_adapt: Type.String(),
    adapted_from_practice: Type.Union([Type.Object({ id: Type.String(), title: Type.String(), url: Type.String() }), Type.Null()]),
    practice_id: Type.Union([Type.String(), Type.Null()], { description: 'The draft practice made from it, if any' }),
    demo: Type.Boolean(),
    created_at: DateTime,
  },
  { $id: 'Learning', title: 'Learning' },
);

export const LearningList = Type.Object({ items: Type.Array(Learning) }, { title: 'LearningList' });

export const LearningPractice = Type.Object(
  {
    learning: Learning,
    practice_id: Type.String({ format: 'uuid' }),
    practice_url: Type.String({ description: 'The draft practice\'s page' }),
    edit_url: Type.String({ description: 'Its edit form, where the member goes next' }),
  },
  { title: 'LearningPractice' },
);

export const EventIdParams = Type.Object({ id: Type.String() });
export const LearningParams = Type.Object({ id: Type.String(), learningId: Type.String() });
