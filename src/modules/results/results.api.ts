import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../database.js';
import type { Actor } from '../../platform/auth/actor.js';
import { editedVersion } from '../../platform/http/edited-version.js';
import { errorResponses, writeResponses } from '../api/api.schemas.js';
import { IdParams, lifecycleApi, type CooperationModuleOptions } from '../lifecycle/index.js';
import type { Indicator } from './results.domain.js';
import { presentIndicator, presentIndicatorSummary, presentOutcome } from './results.presenter.js';
import {
  IndicatorCreateBody, IndicatorListQuery, IndicatorPage, IndicatorPatchBody, IndicatorSchema, MeasurementInput, MeasurementParams, ResultsFrameworkSchema, ResultsQuery, TargetsBody,
} from './results.schemas.js';
import {
  addMeasurement, createIndicator, getIndicator, listIndicators, replaceMeasurement, resultsOfPartnership, resultsOfPlace, setTargets, updateIndicator, type ResultsFramework,
} from './results.service.js';
import { indicatorStore } from './results.store.js';
import { PontesError } from '../../errors.js';

const TAG = 'results';
const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag of the version edited, e.g. "3"' })) });

/** The results framework on the wire: outcomes with their indicators' summaries. */
export function presentFramework(framework: ResultsFramework) {
  return {
    partnership: framework.partnership,
    place: framework.place === null ? null : { id: framework.place.id, name: framework.place.name, country_code: framework.place.countryCode },
    outcomes: framework.outcomes.map((outcome) => ({ ...presentOutcome(outcome), indicators: outcome.indicators.map(presentIndicatorSummary) })),
  };
}

/**
 * JSON routes of the results framework: indicators (list, item, create, edit), their targets
 * (PUT, the whole set) and measurements (POST adds, PUT on a date replaces), the framework of
 * a partnership or a programme place, and the shared publication, history and versions routes.
 */
export const resultsApi: FastifyPluginAsyncTypebox<CooperationModuleOptions> = async (app, { db }) => {
  const answer = (reply: { header(name: string, value: string): unknown }, indicator: Indicator) => {
    reply.header('etag', `"${indicator.version}"`);
    return presentIndicator(indicator);
  };

  app.get('/indicators', {
    schema: {
      tags: [TAG],
      summary: 'List indicators, filtered by partnership, programme place or outcome',
      description: 'What the caller may read: published indicators; for a member also the ones tied to them (theirs, their organisations\', those of partnerships whose party or programmes whose place they are focal point of); every live one for curators. Ordered as the framework is (outcome, then indicator). Items carry the latest measurement and the target it is compared with; GET /indicators/{id} has every target and measurement.',
      querystring: IndicatorListQuery,
      response: { 200: IndicatorPage, ...errorResponses },
    },
  }, async (request) => {
    const { limit, offset, ...filters } = request.query;
    const list = await listIndicators(db, request.actor, filters, { limit, offset });
    return { items: list.items.map(presentIndicatorSummary), total: list.total, limit: list.limit, offset: list.offset };
  });

  app.get('/indicators/:id', {
    schema: {
      tags: [TAG],
      summary: 'One indicator with its outcome, baseline, targets and measurements',
      description: 'Answers an ETag: the version, to send back as If-Match when editing. 404 for an indicator the caller may not read. Its chart is at chart_url (image/svg+xml, the same visibility).',
      params: IdParams,
      response: { 200: IndicatorSchema, ...errorResponses },
    },
  }, async (request, reply) => answer(reply, await getIndicator(db, request.actor, request.params.id)));

  app.post('/indicators', {
    schema: {
      tags: [TAG],
      summary: 'Write a new indicator (a draft, yours)',
      description: 'The outcome is `{title, partnership_id}` (a partnership you can see, not deleted) or `{title, programme: {place_id, title}}` (a municipal decent-work programme); an outcome with that title there is reused, else created. Values follow the measure: count = whole numbers of 0 or more, percentage = 0 to 100, amount = 0 or more, score = any number. With by_sex, baseline, targets and measurements may carry women and men; for counts and amounts women + men may not exceed the total (they are part of it), while percentages and scores by sex are rates within each group and do not add up. Targets: one per date, after the baseline\'s date. 400 names every bad field; nothing is written.',
      body: IndicatorCreateBody,
      response: { 201: IndicatorSchema, ...writeResponses },
    },
  }, async (request, reply) => {
    const indicator = await createIndicator(db, request.actor, request.body);
    reply.status(201).header('location', `/api/v1/indicators/${indicator.id}`);
    return answer(reply, indicator);
  });

  app.patch('/indicators/:id', {
    schema: {
      tags: [TAG],
      summary: 'Edit an indicator\'s definition (optimistic concurrency)',
      description: 'Send the version edited as If-Match: "<version>" or `version`; 428 without, 409 VERSION_CONFLICT when stale (nothing changed). Fields given replace the stored ones; `baseline: null` removes it; `outcome` moves it to another outcome (found or created). Stored targets and measurements must still fit a changed measure (400 otherwise); turning by_sex off drops every women and men value (the previous version keeps them). Targets: PUT …/targets; measurements: POST …/measurements.',
      params: IdParams,
      headers: IfMatch,
      body: IndicatorPatchBody,
      response: { 200: IndicatorSchema, ...writeResponses },
    },
  }, async (request, reply) => {
    const { version, ...fields } = request.body;
    return answer(reply, await updateIndicator(db, request.actor, request.params.id, fields, editedVersion(request, version)));
  });

  app.put('/indicators/:id/targets', {
    schema: {
      tags: [TAG],
      summary: 'Replace an indicator\'s targets (the whole set)',
      description: 'Targets are part of the indicator\'s definition: the same rules as PATCH (If-Match or `version` required: 428 without, 409 when stale). One target per date, each after the baseline\'s date, values checked against the measure and, with by_sex, women + men. An empty list removes them all.',
      params: IdParams,
      headers: IfMatch,
      body: TargetsBody,
      response: { 200: IndicatorSchema, ...writeResponses },
    },
  }, async (request, reply) => {
    const { version, ...fields } = request.body;
    return answer(reply, await setTargets(db, request.actor, request.params.id, fields, editedVersion(request, version)));
  });

  app.post('/indicators/:id/measurements', {
    schema: {
      tags: [TAG],
      summary: 'Add a measurement',
      description: 'For those who report on the indicator (its owners, the focal points of its partnership\'s parties or its programme\'s place, curators), in any state short of archived, published included. A date that has a measurement already answers 409 CONFLICT and changes nothing: PUT …/measurements/{date} replaces it. The version (If-Match or `version`) is optional here; when given and stale, 409. The indicator gets a new version; the answer is the whole indicator.',
      params: IdParams,
      headers: IfMatch,
      body: MeasurementInput,
      response: { 201: IndicatorSchema, ...writeResponses },
    },
  }, async (request, reply) => {
    const { version, ...fields } = request.body;
    const indicator = await addMeasurement(db, request.actor, request.params.id, fields, editedVersion(request, version));
    reply.status(201).header('location', `/api/v1/indicators/${indicator.id}`);
    return answer(reply, indicator);
  });

  app.put('/indicators/:id/measurements/:date', {
    schema: {
      tags: [TAG],
      summary: 'Write the measurement of a date, replacing the one there was',
      description: 'The same rules as POST …/measurements; the date is the path\'s (a `date` in the body must be the same).',
      params: MeasurementParams,
      headers: IfMatch,
      body: Type.Object({ ...MeasurementInput.properties, date: Type.Optional(MeasurementInput.properties.date) }, { additionalProperties: false }),
      response: { 200: IndicatorSchema, ...writeResponses },
    },
  }, async (request, reply) => {
    const { version, ...fields } = request.body;
    return answer(reply, await replaceMeasurement(db, request.actor, request.params.id, request.params.date, fields, editedVersion(request, version)));
  });

  app.get('/results', {
    schema: {
      tags: [TAG],
      summary: 'The results framework of a partnership or of a place\'s municipal programmes',
      description: 'Give partnership_id or place_id. Outcomes (in the order first written) with the indicators you may read, each with its latest measurement, the target it is compared with and the progress from the baseline; an outcome whose indicators are all hidden from you is left out. 404 when the partnership or place does not exist (or the partnership is hidden from you).',
      querystring: ResultsQuery,
      response: { 200: ResultsFrameworkSchema, ...errorResponses },
    },
  }, async (request) => {
    const { partnership_id: partnershipId, place_id: placeId } = request.query;
    if ((partnershipId === undefined) === (placeId === undefined)) {
      throw new PontesError('VALIDATION_FAILED', { detail: 'give partnership_id or place_id', errors: [{ field: 'partnership_id', reason: 'give partnership_id or place_id (one of them)' }] });
    }
    return presentFramework(partnershipId !== undefined ? await resultsOfPartnership(db, request.actor, partnershipId) : await resultsOfPlace(db, request.actor, placeId!));
  });

  await app.register(lifecycleApi, {
    db, collection: 'indicators', tag: TAG, store: indicatorStore, schema: IndicatorSchema,
    present: async (db: Db, actor: Actor, id: string) => presentIndicator(await getIndicator(db, actor, id)),
  });
};
