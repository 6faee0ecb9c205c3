import type { ComponentChildren } from 'preact';
import { vocabLabel } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { CsrfField } from '../../views/csrf.js';
import { Layout } from '../../views/layout.js';
import type { Organisation } from '../organisations/index.js';
import { PLACE_KINDS, type Place } from '../places/index.js';
import { codesOf } from '../vocabularies/index.js';

export type RecordForm = Record<string, string>;
export interface FormError {
  field?: string | undefined;
  reason: string;
}

function Problems({ ctx, errors, conflict }: { ctx: ViewContext; errors: FormError[]; conflict: number | null }) {
  const { t } = ctx;
  if (errors.length === 0 && conflict === null) return null;
  return (
    <div class="error-summary" role="alert">
      <h2>{conflict !== null ? t('form.conflictTitle') : t('form.errorsTitle')}</h2>
      {conflict !== null ? <p>{t('form.conflict', { version: conflict })}</p> : null}
      <ul>
        {errors.map((e) => (
          <li>
            {e.field !== undefined ? <code>{e.field}</code> : null} {e.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Text({ id, name, label, form, type = 'text' }: { id: string; name: string; label: string; form: RecordForm; type?: 'text' | 'url' }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {type === 'url' ? <input id={id} name={name} type="url" value={form[name] ?? ''} /> : <input id={id} name={name} type="text" value={form[name] ?? ''} />}
    </div>
  );
}

function FormShell({ ctx, heading, action, version, back, errors, conflict, children }: {
  ctx: ViewContext; heading: string; action: string; version: number; back: string; errors: FormError[]; conflict: number | null; children: ComponentChildren;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      <Problems ctx={ctx} errors={errors} conflict={conflict} />
      <form method="post" action={action} class="record-form">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={String(version)} />
        {children}
        <p class="actions">
          <button type="submit">{t('form.save')}</button>
          <a href={back}>{t('form.cancel')}</a>
        </p>
      </form>
    </Layout>
  );
}

/** A place's edit form (focal points, curators); curators may also mark it reviewed. */
export function PlaceFormPage({ ctx, place, form, version, errors, conflict, curator }: {
  ctx: ViewContext; place: Place; form: RecordForm; version: number; errors: FormError[]; conflict: number | null; curator: boolean;
}) {
  const { t } = ctx;
  return (
    <FormShell ctx={ctx} heading={t('form.place.editTitle', { name: place.name })} action={`/places/${place.id}/edit`} version={version} back={`/places/${place.id}`} errors={errors} conflict={conflict}>
      <Text id="p-name" name="name" label={t('form.place.name')} form={form} />
      <div class="field">
        <label for="p-kind">{t('form.place.kind')}</label>
        <select id="p-kind" name="kind">
          {PLACE_KINDS.map((kind) => (
            <option value={kind} selected={form.kind === kind}>
              {t(`place.kinds.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="p-alt">{t('place.altNames')}</label>
        <p class="hint" id="p-alt-hint">{t('form.place.altNamesHint')}</p>
        <textarea id="p-alt" name="altNames" rows={3} aria-describedby="p-alt-hint">{form.altNames ?? ''}</textarea>
      </div>
      <Text id="p-population" name="population" label={t('place.population')} form={form} />
      <Text id="p-year" name="populationYear" label={t('form.place.populationYear')} form={form} />
      <Text id="p-lat" name="latitude" label={t('form.place.latitude')} form={form} />
      <Text id="p-lon" name="longitude" label={t('form.place.longitude')} form={form} />
      {curator ? (
        <label class="choice">
          <input type="checkbox" name="reviewed" value="true" checked={form.reviewed === 'true'} /> {t('form.reviewed')}
        </label>
      ) : null}
    </FormShell>
  );
}

/** An organisation's edit form (focal points, curators). */
export function OrganisationFormPage({ ctx, organisation, form, version, errors, conflict, curator }: {
  ctx: ViewContext; organisation: Organisation; form: RecordForm; version: number; errors: FormError[]; conflict: number | null; curator: boolean;
}) {
  const { t } = ctx;
  return (
    <FormShell ctx={ctx} heading={t('form.organisation.editTitle', { name: organisation.name })} action={`/organisations/${organisation.id}/edit`} version={version} back={`/organisations/${organisation.id}`} errors={errors} conflict={conflict}>
      <Text id="o-name" name="name" label={t('form.organisation.name')} form={form} />
      <div class="field">
        <label for="o-kind">{t('form.organisation.kind')}</label>
        <select id="o-kind" name="kind">
          <option value="">{t('organisation.kindUnknown')}</option>
          {codesOf('organisation_kinds').map((kind) => (
            <option value={kind} selected={form.kind === kind}>
              {vocabLabel(ctx, 'organisation_kinds', kind)}
            </option>
          ))}
        </select>
      </div>
      <Text id="o-country" name="country" label={t('place.country')} form={form} />
      <Text id="o-website" name="website" label={t('organisation.website')} form={form} type="url" />
      <Text id="o-iati" name="iatiOrgId" label={t('form.organisation.iati')} form={form} />
      {curator ? (
        <label class="choice">
          <input type="checkbox" name="reviewed" value="true" checked={form.reviewed === 'true'} /> {t('form.reviewed')}
        </label>
      ) : null}
    </FormShell>
  );
}

/** The curators' queue: what waits for a decision, with links to act on it. */
export function ReviewPage({ ctx, practices, places, organisations }: {
  ctx: ViewContext; practices: { id: string; title: string; status: string }[]; places: Place[]; organisations: Organisation[];
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('review.title')}>
      <h1>{t('review.title')}</h1>
      <h2>{t('review.practices', { count: practices.length })}</h2>
      {practices.length === 0 ? <p class="muted">{t('review.nothing')}</p> : null}
      <ul>
        {practices.map((p) => (
          <li>
            <a href={`/practices/${p.id}`}>{p.title}</a> <span class="muted">· {t(`status.${p.status}`)}</span>
          </li>
        ))}
      </ul>
      <h2>{t('review.places', { count: places.length })}</h2>
      {places.length === 0 ? <p class="muted">{t('review.nothing')}</p> : null}
      <ul>
        {places.map((p) => (
          <li>
            <a href={`/places/${p.id}`}>{p.name}</a>, {ctx.countryName(p.countryCode)} · <a href={`/places/${p.id}/edit`}>{t('curation.edit')}</a>
          </li>
        ))}
      </ul>
      <h2>{t('review.organisations', { count: organisations.length })}</h2>
      {organisations.length === 0 ? <p class="muted">{t('review.nothing')}</p> : null}
      <ul>
        {organisations.map((o) => (
          <li>
            <a href={`/organisations/${o.id}`}>{o.name}</a>
            {o.countryCode !== null ? `, ${ctx.countryName(o.countryCode)}` : ''} · <a href={`/organisations/${o.id}/edit`}>{t('curation.edit')}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
