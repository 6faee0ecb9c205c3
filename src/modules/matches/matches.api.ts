import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createI18n, type Translate } from '../../platform/i18n/i18n.js';
import { errorResponses, writeResponses } from '../api/api.schemas.js';
import { IdParams, lifecycleApi, type CooperationModuleOptions } from '../lifecycle/index.js';
import { presentMatch } from './matches.presenter.js';
import { MatchCreateBody, MatchListQuery, MatchPage, MatchSchema } from './matches.schemas.js';
import { createMatch, getMatch, listMatches } from './matches.service.js';
import { matchStore } from './matches.store.js';

const TAG = 'matches';

let english: Translate | undefined;

/**
 * JSON routes of matches: list, item, create (POST /matches), and the shared lifecycle routes
 * (status, publication, history, versions). Proposals come from GET /needs/{id}/proposals.
 */
export const matchesApi: FastifyPluginAsyncTypebox<CooperationModuleOptions> = async (app, { db, config, mailer }) => {
  app.get('/matches', {
    schema: {
      tags: [TAG],
      summary: 'List the matches you may see',
      description: 'Published matches, and for a member those of their places and organisations (on either side: the need\'s or the counterpart\'s) and those they proposed; every live one for curators. Most recently changed first.',
      querystring: MatchListQuery,
      response: { 200: MatchPage, ...errorResponses },
    },
  }, async (request) => {
    const { limit, offset, ...query } = request.query;
    const list = await listMatches(db, request.actor, query, { limit, offset });
    return { items: list.items.map((m) => presentMatch(m, request.t, request.lang)), total: list.total, limit: list.limit, offset: list.offset };
  });

  app.get('/matches/:id', {
    schema: { tags: [TAG], summary: 'One match: need, counterpart, score and reasons, status, partnership', params: IdParams, response: { 200: MatchSchema, ...errorResponses } },
  }, async (request, reply) => {
    const match = await getMatch(db, request.actor, request.params.id);
    reply.header('etag', `"${match.version}"`);
    return presentMatch(match, request.t, request.lang);
  });

  app.post('/matches', {
    schema: {
      tags: [TAG],
      summary: 'Propose a match of a need with an offer, a practice or a place',
      description: 'Recorded as proposed, scored and explained as GET /needs/{id}/proposals does. You must speak for one side (owner or focal point of the need or of the counterpart) or be a curator. 400 names a need or counterpart you cannot see; 409 CONFLICT when the pair is already matched. The counterpart\'s focal points are told by mail.',
      body: MatchCreateBody,
      response: { 201: MatchSchema, ...writeResponses },
    },
  }, async (request, reply) => {
    const match = await createMatch(db, request.actor, request.body, { notifier: { mailer, config } });
    reply.status(201).header('location', `/api/v1/matches/${match.id}`).header('etag', `"${match.version}"`);
    return presentMatch(match, request.t, request.lang);
  });

  // The lifecycle routes answer with the match; its reasons are worded in the default language there.
  await app.register(lifecycleApi, {
    db, collection: 'matches', tag: TAG, store: matchStore, schema: MatchSchema,
    present: async (db2, actor, id) => {
      english ??= createI18n().translator('en');
      return presentMatch(await getMatch(db2, actor, id), english, 'en');
    },
  });
};
