import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../database.js';
import { isPontesError } from '../../errors.js';
import type { Actor } from '../../platform/auth/actor.js';
import { canCreate } from '../../platform/auth/permissions.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { lifecyclePages, refused, versionsOfRecord, type CooperationModuleOptions } from '../lifecycle/index.js';
import { getOrganisationsByIds } from '../organisations/index.js';
import { HistoryPage } from '../versions/index.js';
import { registerPartnershipSection } from '../partnerships/index.js';
import { renderIndicatorChart } from './results.chart.js';
import type { Indicator } from './results.domain.js';
import {
  blankIndicatorForm, field, indicatorFormToBody, indicatorToForm, measurementFormToBody, readIndicatorForm, readMeasurementForm, readTargetRows, targetRowsToBody,
  targetRowsWithBlanks, targetsToRows, type IndicatorForm,
} from './results.form.js';
import { indicatorPath } from './results.presenter.js';
import {
  addMeasurement, createIndicator, getIndicator, indicatorForPage, listIndicators, partnershipChoices, programmePlaceOf, resultsOfPartnership, resultsOfPlace, setTargets,
  updateIndicator,
} from './results.service.js';
import { indicatorStore } from './results.store.js';
import { chartLabels, FrameworkPage, IndicatorFormPage, IndicatorPage, PartnershipResultsSection, ResultsListPage, type FormError, type FormFailure, type IndicatorPageForms } from './results.views.js';

const PAGE_SIZE = 20;

/** A refused save as a form shows it: the reasons (400), the version someone else saved (409), or a date taken (409). */
function formFailure(error: unknown): FormFailure | null {
  if (!isPontesError(error)) return null;
  if (error.code === 'VALIDATION_FAILED') {
    const errors = (error.errors ?? []) as FormError[];
    return { errors: errors.length > 0 ? errors : [{ reason: error.message }], conflict: null, status: 400 };
  }
  if (error.code === 'VERSION_CONFLICT') return { errors: [], conflict: Number(error.params.current), status: 409 };
  if (error.code === 'CONFLICT') return { errors: [{ reason: error.message.replace(/ PUT \S+ replaces it\./, '') }], conflict: null, status: 409 };
  return null;
}

const versionOf = (value: string) => {
  const version = Number(value);
  return Number.isInteger(version) && version > 0 ? version : undefined;
};

async function ownOrganisations(db: Db, actor: Actor) {
  const ids = actor.kind === 'member' ? [...actor.organisationIds] : [];
  return (await getOrganisationsByIds(db, ids)).map((o) => ({ id: o.id, name: o.name }));
}

/** The forms of an indicator's page as they start: a blank measurement, the stored targets. */
function defaultForms(indicator: Indicator): IndicatorPageForms {
  return {
    measurement: { form: { date: '', value: '', women: '', men: '', note: '' }, failure: null },
    targets: { rows: targetRowsWithBlanks(targetsToRows(indicator.targets)), version: indicator.version, failure: null },
  };
}

/**
 * HTML pages of the results framework: every indicator (/results), the framework of a
 * partnership or a programme place (/results?partnership_id=…, ?place_id=…), an indicator's page
 * with its chart, table and forms, its chart as SVG, and the forms that write indicators.
 */
export const resultsPages: FastifyPluginAsync<CooperationModuleOptions> = async (app, { db }) => {
  // The partnership page shows its results framework (partnerships does not know results).
  registerPartnershipSection({
    id: 'results', order: 20,
    render: async ({ db: database, actor, partnership, ctx }) =>
      PartnershipResultsSection({ ctx, outcomes: (await resultsOfPartnership(database, actor, partnership.id)).outcomes, partnershipId: partnership.id }),
  });
  app.get('/results', { schema: { hide: true } }, async (request, reply) => {
    const query = flatQuery(request.query);
    const ctx = await pageContext(request, db);
    const creator = canCreate(request.actor);
    if (query.partnership_id !== undefined) {
      return sendPage(reply, FrameworkPage({ ctx, framework: await resultsOfPartnership(db, request.actor, query.partnership_id), canCreate: creator }));
    }
    if (query.place_id !== undefined) {
      return sendPage(reply, FrameworkPage({ ctx, framework: await resultsOfPlace(db, request.actor, query.place_id), canCreate: creator }));
    }
    const offset = Number(query.offset ?? 0);
    const list = await listIndicators(db, request.actor, {}, { limit: PAGE_SIZE, offset: Number.isInteger(offset) && offset > 0 ? offset : 0 });
    return sendPage(reply, ResultsListPage({ ctx, list, canCreate: creator }));
  });

  app.get('/indicators', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/results', 303));

  const formPage = async (request: FastifyRequest, reply: FastifyReply, options: { form: IndicatorForm; failure: FormFailure | null; indicator?: Indicator; version: number | null }) => {
    const ctx = await pageContext(request, db);
    const { indicator } = options;
    const heading = indicator === undefined ? ctx.t('results.form.newTitle') : ctx.t('results.form.editTitle', { title: indicator.title });
    const partnerships = await partnershipChoices(db, request.actor);
    const own = indicator?.partnership ?? null;
    // The indicator's own partnership is always a choice, even beyond the list's length.
    if (own !== null && !partnerships.some((p) => p.id === own.id)) partnerships.unshift({ id: own.id, title: own.title ?? own.id });
    return sendPage(reply, IndicatorFormPage({
      ctx, heading, form: options.form, version: options.version, failure: options.failure,
      action: indicator === undefined ? '/indicators/new' : `${indicatorPath(indicator.id)}/edit`,
      back: indicator === undefined ? '/results' : indicatorPath(indicator.id),
      partnerships,
      organisations: await ownOrganisations(db, request.actor),
    }), options.failure?.status ?? 200);
  };

  /** The API body a posted indicator form describes, with the programme's place looked up. */
  const bodyOf = async (form: IndicatorForm, current?: Indicator) => {
    const programme = current?.outcome.programme ?? null;
    // The place shown on the edit form, left as it was, is the stored one (not a namesake found by name).
    const place = form.outcome_for !== 'programme' ? null
      : programme !== null && form.programme_place.trim() === `${programme.placeName}, ${programme.countryCode}` ? { id: programme.placeId }
        : await programmePlaceOf(db, form.programme_place);
    return indicatorFormToBody(form, place?.id ?? null);
  };

  app.get('/indicators/new', { schema: { hide: true } }, async (request, reply) => {
    if (!canCreate(request.actor)) throw refused(request.actor, 'write indicators');
    const query = flatQuery(request.query);
    const form = blankIndicatorForm({ partnershipId: query.partnership_id, placeId: query.place_id });
    if (query.place_id !== undefined) form.programme_place = (await programmePlaceOf(db, query.place_id))?.label ?? '';
    return formPage(request, reply, { form, failure: null, version: null });
  });

  app.post('/indicators/new', { schema: { hide: true } }, async (request, reply) => {
    const form = readIndicatorForm(request.body);
    try {
      const indicator = await createIndicator(db, request.actor, await bodyOf(form));
      return reply.redirect(indicatorPath(indicator.id), 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      return formPage(request, reply, { form, failure, version: null });
    }
  });

  app.get<{ Params: { id: string } }>('/indicators/:id', { schema: { hide: true } }, async (request, reply) => {
    const page = await indicatorForPage(db, request.actor, request.params.id);
    return sendPage(reply, IndicatorPage({ ctx: await pageContext(request, db), ...page, forms: defaultForms(page.indicator) }));
  });

  app.get<{ Params: { id: string } }>('/indicators/:id/chart.svg', { schema: { hide: true } }, async (request, reply) => {
    const indicator = await getIndicator(db, request.actor, request.params.id);
    const ctx = await pageContext(request, db);
    const svg = await renderIndicatorChart(indicator, chartLabels(ctx, indicator), ctx.lang);
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('cache-control', 'private, no-cache')
      .header('vary', 'Accept-Language, Cookie, Authorization')
      .send(svg);
  });

  app.get<{ Params: { id: string } }>('/indicators/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const { indicator, allowed } = await indicatorForPage(db, request.actor, request.params.id);
    if (!allowed.edit) throw refused(request.actor, 'edit this indicator');
    return formPage(request, reply, { form: indicatorToForm(indicator), failure: null, indicator, version: indicator.version });
  });

  app.post<{ Params: { id: string } }>('/indicators/:id/edit', { schema: { hide: true } }, async (request, reply) => {
    const form = readIndicatorForm(request.body);
    const version = versionOf(form.version);
    try {
      const current = await getIndicator(db, request.actor, request.params.id);
      const indicator = await updateIndicator(db, request.actor, current.id, await bodyOf(form, current), version);
      return reply.redirect(indicatorPath(indicator.id), 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      // The form stays as typed; after a conflict it carries the current version, so saving again overwrites knowingly.
      const indicator = await getIndicator(db, request.actor, request.params.id);
      return formPage(request, reply, { form, failure, indicator, version: failure.conflict ?? version ?? indicator.version });
    }
  });

  /** The indicator's page again, with one form as typed and its failure. */
  const pageWith = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, failure: FormFailure, change: (forms: IndicatorPageForms) => void) => {
    const page = await indicatorForPage(db, request.actor, request.params.id);
    const forms = defaultForms(page.indicator);
    change(forms);
    return sendPage(reply, IndicatorPage({ ctx: await pageContext(request, db), ...page, forms }), failure.status);
  };

  app.post<{ Params: { id: string } }>('/indicators/:id/measurements', { schema: { hide: true } }, async (request, reply) => {
    const form = readMeasurementForm(request.body);
    try {
      const indicator = await getIndicator(db, request.actor, request.params.id);
      await addMeasurement(db, request.actor, indicator.id, measurementFormToBody(form, indicator.bySex));
      return reply.redirect(`${indicatorPath(indicator.id)}#measurements-title`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      return pageWith(request, reply, failure, (forms) => {
        forms.measurement = { form, failure };
      });
    }
  });

  app.post<{ Params: { id: string } }>('/indicators/:id/targets', { schema: { hide: true } }, async (request, reply) => {
    const rows = readTargetRows(request.body);
    const version = versionOf(field(request.body, 'version'));
    try {
      const indicator = await getIndicator(db, request.actor, request.params.id);
      await setTargets(db, request.actor, indicator.id, targetRowsToBody(rows, indicator.bySex), version);
      return reply.redirect(`${indicatorPath(indicator.id)}#targets-title`, 303);
    } catch (error) {
      const failure = formFailure(error);
      if (failure === null) throw error;
      return pageWith(request, reply, failure, (forms) => {
        forms.targets = { rows: targetRowsWithBlanks(rows), version: failure.conflict ?? version ?? forms.targets.version, failure };
      });
    }
  });

  app.get<{ Params: { id: string } }>('/indicators/:id/history', { schema: { hide: true } }, async (request, reply) => {
    const indicator = await getIndicator(db, request.actor, request.params.id);
    const versions = await versionsOfRecord(db, request.actor, indicatorStore, indicator.id);
    return sendPage(reply, HistoryPage({ ctx: await pageContext(request, db), title: indicator.title, back: indicatorPath(indicator.id), versions }));
  });

  lifecyclePages(app, { db, collection: 'indicators', store: indicatorStore });
};

