import { formatNumber, Pager } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { Layout } from '../../views/layout.js';
import type { Place } from './places.domain.js';
import type { VNode } from 'preact';

export function PlaceSearchPage({ ctx, q, items, total, limit, offset, params }: {
  ctx: ViewContext; q: string; items: Place[]; total: number; limit: number; offset: number; params: URLSearchParams;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('places.title')}>
      <h1>{t('places.title')}</h1>
      {ctx.member !== null ? (
        <p class="actions">
          <a href="/places/new">{t('places.add')}</a>
        </p>
      ) : null}
      <form method="get" action="/places" class="search" role="search">
        <label for="place-q">{t('places.searchLabel')}</label>
        <input id="place-q" type="search" name="q" value={q} maxLength={200} />
        <button type="submit">{t('places.search')}</button>
      </form>
      <p class="lead">{t('places.count', { count: total })}</p>
      <ul class="place-list">
        {items.map((place) => (
          <li>
            <a href={`/places/${place.id}`}>{place.name}</a>, {ctx.countryName(place.countryCode)}
            {place.population !== null ? <span class="muted"> · {t('place.inhabitants', { count: place.population, formatted: formatNumber(ctx, place.population) })}</span> : null}
          </li>
        ))}
      </ul>
      <Pager ctx={ctx} base="/places" params={params} total={total} limit={limit} offset={offset} />
    </Layout>
  );
}

/** A place's profile and the practices documented there. */
export function PlacePage({ ctx, place, practices, actions, overdue, cooperation }: { ctx: ViewContext; place: Place; practices: VNode; actions?: { edit: boolean; history: boolean }; overdue?: VNode | null; cooperation?: { partnerships: VNode | null; events: VNode | null } }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={place.name}>
      <p class="kicker">{place.origin === 'import' && place.needsReview ? t('place.kindUnknown') : t(`place.kinds.${place.kind}`)}</p>
      <h1>{place.name}</h1>
      <dl class="facts">
        <dt>{t('place.country')}</dt>
        <dd>
          <a href={`/practices?country=${place.countryCode}`}>{ctx.countryName(place.countryCode)}</a>
        </dd>
        {place.population !== null ? (
          <>
            <dt>{t('place.population')}</dt>
            <dd>
              {formatNumber(ctx, place.population)}
              {place.populationYear !== null ? ` (${place.populationYear})` : ''}
            </dd>
          </>
        ) : null}
        {place.sizeBand !== null ? (
          <>
            <dt>{t('place.sizeBand')}</dt>
            <dd>
              {t(`place.bands.${place.sizeBand}`)}
              {place.intermediaryCity ? <span class="mark">{t('place.intermediaryCity')}</span> : null}
            </dd>
          </>
        ) : null}
        {place.altNames.length > 0 ? (
          <>
            <dt>{t('place.altNames')}</dt>
            <dd>{place.altNames.join(', ')}</dd>
          </>
        ) : null}
        {place.latitude !== null && place.longitude !== null ? (
          <>
            <dt>{t('place.coordinates')}</dt>
            <dd>
              {place.latitude.toFixed(4)}, {place.longitude.toFixed(4)}
            </dd>
          </>
        ) : null}
        {place.geonamesId !== null ? (
          <>
            <dt>GeoNames</dt>
            <dd>
              <a href={`https://www.geonames.org/${place.geonamesId}`} rel="nofollow noopener">
                {place.geonamesId}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      {place.needsReview ? <p class="note">{t('place.needsReview')}</p> : null}
      {actions !== undefined && (actions.edit || actions.history) ? (
        <p class="actions">
          {actions.edit ? <a href={`/places/${place.id}/edit`}>{t('curation.edit')}</a> : null}
          {actions.history ? <a href={`/places/${place.id}/history`}>{t('curation.history')}</a> : null}
        </p>
      ) : null}
      {overdue ?? null}
      <h2>{t('place.practices')}</h2>
      {practices}
      {cooperation?.partnerships != null ? (
        <>
          <h2>{t('place.partnerships')}</h2>
          {cooperation.partnerships}
        </>
      ) : null}
      {cooperation?.events != null ? (
        <>
          <h2>{t('place.events')}</h2>
          {cooperation.events}
        </>
      ) : null}
    </Layout>
  );
}
