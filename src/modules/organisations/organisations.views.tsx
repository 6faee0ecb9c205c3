import type { VNode } from 'preact';
import { Pager, vocabLabel } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { Layout } from '../../views/layout.js';
import type { Organisation } from './organisations.domain.js';

export function OrganisationListPage({ ctx, q, items, total, limit, offset, params }: {
  ctx: ViewContext; q: string; items: Organisation[]; total: number; limit: number; offset: number; params: URLSearchParams;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('organisations.title')}>
      <h1>{t('organisations.title')}</h1>
      {ctx.member !== null ? (
        <p class="actions">
          <a href="/organisations/new">{t('organisations.add')}</a>
        </p>
      ) : null}
      <form method="get" action="/organisations" class="search" role="search">
        <label for="org-q">{t('organisations.searchLabel')}</label>
        <input id="org-q" type="search" name="q" value={q} maxLength={200} />
        <button type="submit">{t('places.search')}</button>
      </form>
      <p class="lead">{t('organisations.count', { count: total })}</p>
      <ul class="place-list">
        {items.map((organisation) => (
          <li>
            <a href={`/organisations/${organisation.id}`}>{organisation.name}</a>
            {organisation.countryCode !== null ? `, ${ctx.countryName(organisation.countryCode)}` : ''}
            {organisation.kind !== null ? <span class="muted"> · {vocabLabel(ctx, 'organisation_kinds', organisation.kind)}</span> : null}
          </li>
        ))}
      </ul>
      <Pager ctx={ctx} base="/organisations" params={params} total={total} limit={limit} offset={offset} />
    </Layout>
  );
}

export function OrganisationPage({ ctx, organisation, practices, actions, overdue }: { ctx: ViewContext; organisation: Organisation; practices: VNode; actions?: { edit: boolean; history: boolean }; overdue?: VNode | null }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={organisation.name}>
      <p class="kicker">{organisation.kind !== null ? vocabLabel(ctx, 'organisation_kinds', organisation.kind) : t('organisation.kindUnknown')}</p>
      <h1>{organisation.name}</h1>
      <dl class="facts">
        {organisation.countryCode !== null ? (
          <>
            <dt>{t('place.country')}</dt>
            <dd>{ctx.countryName(organisation.countryCode)}</dd>
          </>
        ) : null}
        {organisation.website !== null ? (
          <>
            <dt>{t('organisation.website')}</dt>
            <dd>
              <a href={organisation.website} rel="nofollow noopener">
                {organisation.website}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      {organisation.needsReview ? <p class="note">{t('organisation.needsReview')}</p> : null}
      {actions !== undefined && (actions.edit || actions.history) ? (
        <p class="actions">
          {actions.edit ? <a href={`/organisations/${organisation.id}/edit`}>{t('curation.edit')}</a> : null}
          {actions.history ? <a href={`/organisations/${organisation.id}/history`}>{t('curation.history')}</a> : null}
        </p>
      ) : null}
      {overdue ?? null}
      <h2>{t('organisation.practices')}</h2>
      {practices}
    </Layout>
  );
}
