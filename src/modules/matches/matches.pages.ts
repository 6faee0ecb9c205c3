import type { FastifyPluginAsync } from 'fastify';
import { isPontesError, PontesError } from '../../errors.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { lifecyclePages, type CooperationModuleOptions } from '../lifecycle/index.js';
import { formFailure, formToInput, NeedFormPage, posterChoices, posterNames, readNeedForm } from '../needs/index.js';
import { getPractice } from '../practices/index.js';
import type { MatchView } from './matches.domain.js';
import { createMatch, learnFromPractice, listMatches, matchWithActions, type MatchNotifier } from './matches.service.js';
import { matchStore } from './matches.store.js';
import { MatchListPage, MatchPage } from './matches.views.js';

const PAGE_SIZE = 20;

function field(body: unknown, name: string): string {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, 200) : '';
}

/** The places and organisations both sides of these matches name. */
function sidesOf(matches: MatchView[]) {
  return matches.flatMap((m) => [
    { placeId: m.need.placeId, organisationId: m.need.organisationId },
    ...m.counterpart.placeIds.map((placeId) => ({ placeId, organisationId: null })),
    ...m.counterpart.organisationIds.map((organisationId) => ({ placeId: null, organisationId })),
  ]);
}

/**
 * HTML pages of matches: the list, one match with its moves and timeline, the "propose this
 * match" button of a need's proposals, and the "we want to learn from this" form's post (a need
 * and its match with the practice, made together).
 */
export const matchesPages: FastifyPluginAsync<CooperationModuleOptions> = async (app, { db, config, mailer }) => {
  const notifier: MatchNotifier = { mailer, config };

  app.get('/matches', { schema: { hide: true } }, async (request, reply) => {
    const query = flatQuery(request.query);
    const offset = Number(query.offset ?? 0);
    const list = await listMatches(db, request.actor, { need_id: query.need_id, status: query.status }, { limit: PAGE_SIZE, offset: Number.isFinite(offset) ? offset : 0 });
    const params = new URLSearchParams();
    for (const name of ['need_id', 'status', 'offset']) {
      const value = query[name];
      if (value !== undefined) params.set(name, value);
    }
    return sendPage(reply, MatchListPage({ ctx: await pageContext(request, db), list, query: { status: query.status ?? '', needId: query.need_id ?? '' }, params }));
  });

  app.get<{ Params: { id: string } }>('/matches/:id', { schema: { hide: true } }, async (request, reply) => {
    const { match, head, actions, timeline } = await matchWithActions(db, request.actor, request.params.id);
    return sendPage(reply, MatchPage({ ctx: await pageContext(request, db), match, names: await posterNames(db, sidesOf([match])), head, actions, timeline }));
  });

  // "Propose this match" on a need's page. The same pair again leads to the match already made.
  app.post('/matches', { schema: { hide: true } }, async (request, reply) => {
    const input = { need_id: field(request.body, 'need_id'), counterpart: { kind: field(request.body, 'counterpart_kind'), id: field(request.body, 'counterpart_id') } };
    try {
      const match = await createMatch(db, request.actor, input, { notifier });
      return reply.redirect(`/matches/${match.id}`, 303);
    } catch (error) {
      if (isPontesError(error) && error.code === 'CONFLICT' && typeof error.params.match_id === 'string') return reply.redirect(`/matches/${error.params.match_id}`, 303);
      throw error;
    }
  });

  // "We want to learn from this": the need form prefilled from a practice posts here.
  app.post('/matches/learn', { schema: { hide: true } }, async (request, reply) => {
    const form = readNeedForm(request.body);
    try {
      const { match } = await learnFromPractice(db, request.actor, formToInput(form), { notifier });
      return reply.redirect(`/matches/${match.id}`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      const practiceId = typeof form.practice_id === 'string' ? form.practice_id : '';
      if (practiceId === '') throw new PontesError('VALIDATION_FAILED', { detail: 'say which practice to learn from (practice_id)' });
      const practice = await getPractice(db, request.actor, practiceId);
      const ctx = await pageContext(request, db);
      return sendPage(reply, NeedFormPage({
        ctx, kind: 'need', action: '/matches/learn', heading: ctx.t('needs.form.learnHeading', { title: practice.title }), lead: ctx.t('needs.form.learnLead'),
        form, version: null, errors: failure.errors, conflict: null, posters: await posterChoices(db, request.actor, form), practice: { id: practice.id, title: practice.title },
        submitLabel: ctx.t('needs.form.submitLearn'), cancelHref: `/practices/${practice.id}`,
      }), failure.status);
    }
  });

  lifecyclePages(app, { db, collection: 'matches', store: matchStore });
};
