import ical, { type ICalCalendar } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { PeerEvent } from './events.domain.js';
import type { CountryName } from './events.presenter.js';
import type { EventSummary } from './events.service.js';

/**
 * iCalendar (RFC 5545) for events, written by ical-generator (escaping, folding at 75 octets,
 * CRLF). Times carry the event's own IANA zone as TZID, and the calendar holds a VTIMEZONE for
 * each zone used, from timezones-ical-library (generated from the IANA database by vzic); an
 * event in UTC is written in UTC (no TZID is needed for it).
 */
function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && typeof block[0] === 'string' && block[0].startsWith('BEGIN:VTIMEZONE') ? block[0] : null;
}

/** The UID of an event's VEVENT: the same for every download of the same event. */
export function eventUid(id: string): string {
  return `event-${id}@pontes`;
}

function location(event: EventSummary, countryName: CountryName): string | null {
  const parts = [event.venue, event.place?.name, event.place !== null ? countryName(event.place.countryCode) : null].filter((p): p is string => p !== null && p !== undefined && p.trim() !== '');
  return parts.length === 0 ? null : parts.join(', ');
}

function description(event: EventSummary | PeerEvent, pageUrl: string | null): string {
  const lines = [event.description.trim()];
  if (event.organisers.length > 0) lines.push(`Organised by: ${event.organisers.map((o) => o.name).join('; ')}`);
  if (pageUrl !== null) lines.push(pageUrl);
  return lines.filter((line) => line !== '').join('\n\n');
}

/**
 * A calendar of events. `publicUrl` (PONTES_PUBLIC_URL) makes each event's URL absolute; without
 * it the URL property is left out rather than guessed from the request's Host header.
 */
export function eventCalendar(events: (EventSummary | PeerEvent)[], options: { name: string; countryName: CountryName; publicUrl: string | undefined }): ICalCalendar {
  const calendar = ical({ name: options.name, prodId: { company: 'Pontes', product: 'Events', language: 'EN' } });
  calendar.timezone({ name: null, generator: vtimezone });
  for (const event of events) {
    const zone = event.timeZone === 'UTC' || vtimezone(event.timeZone) === null ? null : event.timeZone;
    const when = (instant: Date) => (zone === null ? instant : DateTime.fromJSDate(instant, { zone }));
    const pageUrl = options.publicUrl === undefined ? null : `${options.publicUrl}/events/${event.id}`;
    const where = location(event, options.countryName);
    const vevent = calendar.createEvent({
      id: eventUid(event.id),
      sequence: event.version,
      start: when(event.startsAt),
      end: when(event.endsAt),
      timezone: zone,
      summary: event.title,
      description: description(event, pageUrl),
      url: pageUrl,
      created: event.createdAt,
      lastModified: event.updatedAt,
      stamp: event.updatedAt,
    });
    if (where !== null) {
      const place = event.place;
      vevent.location(place !== null && place.latitude !== null && place.longitude !== null ? { title: where, geo: { lat: place.latitude, lon: place.longitude } } : where);
    }
    vevent.createCategory({ name: event.kind.replace(/_/g, ' ').toUpperCase() });
  }
  return calendar;
}
