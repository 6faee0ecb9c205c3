import { localIso, totalOf, type EventLearning, type EventPlace, type PeerEvent } from './events.domain.js';
import type { EventSummary } from './events.service.js';

/** Country code → name (English in the API, as other API objects give names). */
export type CountryName = (code: string) => string;

function placeRef(place: EventPlace, countryName: CountryName) {
  return { id: place.id, name: place.name, country_code: place.countryCode, country_name: countryName(place.countryCode) };
}

/** The fields a list item and the full object share. */
function common(event: EventSummary, countryName: CountryName) {
  return {
    id: event.id,
    url: `/events/${event.id}`,
    ical_url: `/api/v1/events/${event.id}.ics`,
    title: event.title,
    kind: event.kind,
    language: event.language,
    start: localIso(event.startsAt, event.timeZone),
    end: localIso(event.endsAt, event.timeZone),
    starts_at: event.startsAt,
    ends_at: event.endsAt,
    time_zone: event.timeZone,
    place_id: event.place?.id ?? null,
    place: event.place === null ? null : placeRef(event.place, countryName),
    venue: event.venue,
    organisers: event.organisers.map((o) => ({ id: o.id, name: o.name, country_code: o.countryCode })),
    publication: event.deleted ? 'deleted' : event.publication,
    version: event.version,
    demo: event.demo,
    created_at: event.createdAt,
    updated_at: event.updatedAt,
  };
}

/** An event in a list (GET /events). */
export function presentEventItem(event: EventSummary, countryName: CountryName) {
  return common(event, countryName);
}

/** An event's API object (GET /events/{id}); also what its versions keep. */
export function presentEvent(event: PeerEvent, countryName: CountryName) {
  const { bySex, byConstituency } = event.participants;
  return {
    ...common(event, countryName),
    description: event.description,
    places: event.places.map((p) => placeRef(p, countryName)),
    participants: { by_sex: { ...bySex, total: totalOf(bySex) }, by_constituency: { ...byConstituency, total: totalOf(byConstituency) } },
    agenda: event.agenda.map((item) => ({ ...(item.startsAt !== undefined ? { starts_at: item.startsAt } : {}), title: item.title, ...(item.description !== undefined ? { description: item.description } : {}) })),
    field_visits: event.fieldVisits.map((visit) => ({ ...visit })),
    outcomes: event.outcomes,
    learning_report: event.learningReport,
    partnerships: event.partnerships.map((p) => ({ id: p.id, title: p.title, url: `/partnerships/${p.id}` })),
    practices: event.practices.map((p) => ({ id: p.id, title: p.title, url: `/practices/${p.id}` })),
    owner_organisation_id: event.ownerOrganisationId,
  };
}

export function presentLearning(learning: EventLearning) {
  return {
    id: learning.id,
    event_id: learning.eventId,
    member_id: learning.memberId,
    author_name: learning.authorName,
    place: learning.place === null ? null : { id: learning.place.id, name: learning.place.name, country_code: learning.place.countryCode },
    organisation: learning.organisation,
    learned: learning.learned,
    will_adapt: learning.willAdapt,
    adapted_from_practice: learning.adaptedFrom === null ? null : { ...learning.adaptedFrom, url: `/practices/${learning.adaptedFrom.id}` },
    practice_id: learning.practiceId,
    demo: learning.demo,
    created_at: learning.createdAt,
  };
}
