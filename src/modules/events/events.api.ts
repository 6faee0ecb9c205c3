import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { editedVersion } from '../../platform/http/edited-version.js';
import { errorResponses, writeResponses } from '../api/api.schemas.js';
import { countryRegistry } from '../countries/index.js';
import { lifecycleApi, type CooperationModuleOptions } from '../lifecycle/index.js';
import { eventCalendar } from './events.ical.js';
import { presentEvent, presentEventItem, presentLearning, type CountryName } from './events.presenter.js';
import {
  Calendar, EventCreateBody, EventDetail, EventFeedQuery, EventIdParams, EventListQuery, EventPage, EventPatchBody, LearningCreateBody, LearningList, LearningParams,
  LearningPractice, Learning,
} from './events.schemas.js';
import { createEvent, createLearning, eventFeed, getEvent, learningsOfEvent, learningToPractice, listEvents, presentEventFor, updateEvent } from './events.service.js';
import { eventStore } from './events.store.js';

const TAG = 'events';
const CALENDAR_TYPE = 'text/calendar; charset=utf-8';

/** JSON routes of events (issue 5), their iCalendar downloads and knowledge capture. */
export const eventsApi: FastifyPluginAsyncTypebox<CooperationModuleOptions> = async (app, { db, config }) => {
  const names = async (): Promise<CountryName> => {
    const registry = await countryRegistry(db);
    return (code) => registry.get(code)?.names.en ?? code;
  };

  app.get('/events', {
    schema: {
      tags: [TAG],
      summary: 'List events: upcoming first (soonest first), then past ones (latest first)',
      description: 'What the caller may read: published events; for a member also those tied to them (created by them, owned by their organisations, or at or organised by a place or organisation they are focal point of); every live one for curators. Unknown filter values answer 400.',
      querystring: EventListQuery,
      response: { 200: EventPage, ...errorResponses },
    },
  }, async (request) => {
    const { limit, offset, ...query } = request.query;
    const list = await listEvents(db, request.actor, query, { limit, offset });
    const countryName = await names();
    return { items: list.items.map((event) => presentEventItem(event, countryName)), total: list.total, limit: list.limit, offset: list.offset };
  });

  app.get('/events.ics', {
    schema: {
      tags: [TAG],
      summary: 'A calendar feed (iCalendar) of the upcoming events you may see',
      description: 'Events that have not ended, with the same visibility as GET /events (the public gets published events only). Each event keeps its own time zone (TZID, with its VTIMEZONE); its UID is stable, so calendar programs update it in place.',
      querystring: EventFeedQuery,
      response: { 200: Calendar, ...errorResponses },
    },
  }, async (request, reply) => {
    const events = await eventFeed(db, request.actor, request.query);
    const calendar = eventCalendar(events, { name: 'Pontes events', countryName: await names(), publicUrl: config.publicUrl });
    return reply.type(CALENDAR_TYPE).header('content-disposition', 'inline; filename="pontes-events.ics"').send(calendar.toString());
  });

  app.get('/events/:id.ics', {
    schema: {
      tags: [TAG],
      summary: 'One event as iCalendar (RFC 5545)',
      description: 'DTSTART and DTEND in the event\'s time zone (TZID) with its VTIMEZONE. 404 for an event you may not read.',
      params: EventIdParams,
      response: { 200: Calendar, ...errorResponses },
    },
  }, async (request, reply) => {
    const event = await getEvent(db, request.actor, request.params.id);
    const calendar = eventCalendar([event], { name: event.title, countryName: await names(), publicUrl: config.publicUrl });
    return reply.type(CALENDAR_TYPE).header('content-disposition', `inline; filename="event-${event.id}.ics"`).send(calendar.toString());
  });

  app.get('/events/:id', {
    schema: {
      tags: [TAG],
      summary: 'One event: dates in its time zone, place, organisers, participants, agenda, field visits, outcomes, learning report, links',
      description: 'Answers an ETag: the version, to send back as If-Match with an edit. 404 for an event you may not read. Linked partnerships and practices you may not read are left out.',
      params: EventIdParams,
      response: { 200: EventDetail, ...errorResponses },
    },
  }, async (request, reply) => {
    const event = await getEvent(db, request.actor, request.params.id);
    reply.header('etag', `"${event.version}"`);
    return presentEvent(event, await names());
  });

  app.post('/events', {
    schema: {
      tags: [TAG],
      summary: 'Record an event (a draft, yours)',
      description: 'start and end are ISO 8601: a local date-time ("2012-11-07T09:00") is read in time_zone, one with an offset is that instant; they are stored as instants. 400 names every bad field (end before start, negative or fractional participant counts, an unknown time zone, organiser, place, partnership or practice, raw HTML or a non-http(s)/mailto link in the learning report); nothing is saved.',
      body: EventCreateBody,
      response: { 201: EventDetail, ...writeResponses },
    },
  }, async (request, reply) => {
    const event = await createEvent(db, request.actor, request.body);
    reply.status(201).header('location', `/api/v1/events/${event.id}`).header('etag', `"${event.version}"`);
    return presentEvent(event, await names());
  });

  app.patch('/events/:id', {
    schema: {
      tags: [TAG],
      summary: 'Edit an event (optimistic concurrency)',
      description: 'Send the version you edited as If-Match: "<version>" or as `version`; without it 428, stale 409 VERSION_CONFLICT (nothing changed). The fields given replace the stored ones; null clears one. 404 when you may not read it; 401/403 when you may read it but not edit it now.',
      params: EventIdParams,
      body: EventPatchBody,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag of the version edited, e.g. "3"' })) }),
      response: { 200: EventDetail, ...writeResponses },
    },
  }, async (request, reply) => {
    const { version, ...fields } = request.body;
    const event = await updateEvent(db, request.actor, request.params.id, fields, editedVersion(request, version));
    reply.header('etag', `"${event.version}"`);
    return presentEvent(event, await names());
  });

  app.get('/events/:id/learnings', {
    schema: {
      tags: [TAG],
      summary: 'What participants learned at an event and what they will adapt',
      description: 'Visible with the event (404 when you may not read it).',
      params: EventIdParams,
      response: { 200: LearningList, ...errorResponses },
    },
  }, async (request) => ({ items: (await learningsOfEvent(db, request.actor, request.params.id)).map(presentLearning) }));

  app.post('/events/:id/learnings', {
    schema: {
      tags: [TAG],
      summary: 'Record what you learned at an event and what you will adapt',
      description: 'Signed-in members, once the event has ended (409 before). place_id and organisation_id must be yours; adapted_from_practice_id one of the event\'s practices or any you can see.',
      params: EventIdParams,
      body: LearningCreateBody,
      response: { 201: Learning, ...writeResponses },
    },
  }, async (request, reply) => {
    const learning = await createLearning(db, request.actor, request.params.id, request.body);
    reply.status(201).header('location', `/api/v1/events/${learning.eventId}/learnings`);
    return presentLearning(learning);
  });

  app.post('/events/:id/learnings/:learningId/practice', {
    schema: {
      tags: [TAG],
      summary: 'Turn a learning into a draft practice, adapted from the practice it names',
      description: 'Writes a draft practice (yours) with adapted_from set to the practice learned from (when that practice was written in Pontes: lineage links practices of one collection), title and summary drafted from the learning, and its place. Only the learning\'s author or a curator; a second time answers 409. Then edit the draft at edit_url.',
      params: LearningParams,
      response: { 201: LearningPractice, ...writeResponses },
    },
  }, async (request, reply) => {
    const { learning, practice } = await learningToPractice(db, request.actor, request.params.id, request.params.learningId);
    reply.status(201).header('location', `/api/v1/practices/${practice.id}`);
    return { learning: presentLearning(learning), practice_id: practice.id, practice_url: `/practices/${practice.id}`, edit_url: `/practices/${practice.id}/edit` };
  });

  await app.register(lifecycleApi, { db, collection: 'events', tag: TAG, store: eventStore, present: (pdb, actor, id) => presentEventFor(pdb, actor, id), schema: EventDetail });
};
