import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { practicesWithOrganisation, PracticeCards } from '../practices/index.js';
import { overdueCommitmentsOf, OverdueCommitmentsSection } from '../roadmaps/index.js';
import { can } from '../../platform/auth/permissions.js';
import { organisationTies } from './organisations.domain.js';
import { getOrganisation, listOrganisations } from './organisations.service.js';
import { OrganisationListPage, OrganisationPage } from './organisations.views.js';

const PAGE_SIZE = 25;

export const organisationsPages: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get('/organisations', { schema: { hide: true } }, async (request, reply) => {
    const query = flatQuery(request.query);
    const q = (query.q ?? '').slice(0, 200);
    const offset = Math.max(0, Number(query.offset ?? 0) || 0);
    const result = await listOrganisations(db, { q, country: query.country, kind: query.kind, limit: PAGE_SIZE, offset });
    const params = new URLSearchParams();
    for (const key of ['q', 'country', 'kind'] as const) if (query[key]) params.set(key, query[key]);
    const ctx = await pageContext(request, db);
    return sendPage(reply, OrganisationListPage({ ctx, q, items: result.items, total: result.total, limit: PAGE_SIZE, offset, params }));
  });

  app.get<{ Params: { id: string } }>('/organisations/:id', { schema: { hide: true } }, async (request, reply) => {
    const organisation = await getOrganisation(db, request.params.id);
    if (organisation.mergedInto !== null) return reply.redirect(`/organisations/${organisation.mergedInto}`, 301);
    const practices = await practicesWithOrganisation(db, request.actor, organisation.id);
    const ctx = await pageContext(request, db);
    const ties = organisationTies(organisation);
    const actions = { edit: can(request.actor, 'edit', 'published', ties), history: can(request.actor, 'history', 'published', ties) };
    const overdue = OverdueCommitmentsSection({ ctx, commitments: await overdueCommitmentsOf(db, request.actor, { organisationId: organisation.id }) });
    return sendPage(reply, OrganisationPage({ ctx, organisation, practices: PracticeCards({ ctx, practices }), actions, overdue }));
  });
};
