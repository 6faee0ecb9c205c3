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

const urlOrEmpty = (value: string) => value === '' || (/^https?:\/\/\S+$/i.test(value) && URL.canParse(value));

function Text({ id, name, label, form, type = 'text', hint }: { id: string; name: string; label: string; form: RecordForm; type?: 'text' | 'url'; hint?: string }) {
  const describedBy = hint !== undefined ? `${id}-hint` : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint !== undefined ? <p class="hint" id={describedBy}>{hint}</p> : null}
      {type === 'url' && urlOrEmpty(form[name] ?? '') ? (
        <input id={id} name={name} type="url" value={form[name] ?? ''} aria-describedby={describedBy} />
      ) : type === 'url' ? (
        // A refused address typed back: type="url" may not carry it (invalid HTML), so a text field keeps it.
        <input id={id} name={name} type="text" inputMode="url" value={form[name] ?? ''} aria-describedby={describedBy} />
      ) : (
        <input id={id} name={name} type="text" value={form[name] ?? ''} aria-describedby={describedBy} />
      )}
    </div>
  );
}

function FormShell({ ctx, heading, action, version, back, errors, conflict, children }: {
  ctx: ViewContext; heading: string; action: string; version: number | null; back: string; errors: FormError[]; conflict: number | null; children: ComponentChildren;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      <Problems ctx={ctx} errors={errors} conflict={conflict} />
      <form method="post" action={action} class="record-form">
        <CsrfField ctx={ctx} />
        {version !== null ? <input type="hidden" name="version" value={String(version)} /> : null}
        {children}
        <p class="actions">
          <button type="submit">{t('form.save')}</button>
          <a href={back}>{t('form.cancel')}</a>
        </p>
      </form>
    </Layout>
  );
}

/**
 * A place's form: editing one (focal points, curators; curators may also mark it reviewed) or,
 * with `place` null, adding one (members; its country is chosen then and never changes).
 */
export function PlaceFormPage({ ctx, place, form, version, errors, conflict, curator }: {
  ctx: ViewContext; place: Place | null; form: RecordForm; version: number | null; errors: FormError[]; conflict: number | null; curator: boolean;
}) {
  const { t } = ctx;
  return (
    <FormShell
      ctx={ctx} heading={place !== null ? t('form.place.editTitle', { name: place.name }) : t('form.place.newTitle')} action={place !== null ? `/places/${place.id}/edit` : '/places/new'}
      version={version} back={place !== null ? `/places/${place.id}` : '/places'} errors={errors} conflict={conflict}
    >
      <Text id="p-name" name="name" label={t('form.place.name')} form={form} />
      {place === null ? <Text id="p-country" name="country" label={t('place.country')} form={form} hint={t('form.countryHint')} /> : null}
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
      {curator && place !== null ? (
        <label class="choice">
          <input type="checkbox" name="reviewed" value="true" checked={form.reviewed === 'true'} /> {t('form.reviewed')}
        </label>
      ) : null}
    </FormShell>
  );
}

/** An organisation's form: editing one (focal points, curators) or, with `organisation` null, adding one (members). */
export function OrganisationFormPage({ ctx, organisation, form, version, errors, conflict, curator }: {
  ctx: ViewContext; organisation: Organisation | null; form: RecordForm; version: number | null; errors: FormError[]; conflict: number | null; curator: boolean;
}) {
  const { t } = ctx;
  return (
    <FormShell
      ctx={ctx} heading={organisation !== null ? t('form.organisation.editTitle', { name: organisation.name }) : t('form.organisation.newTitle')}
      action={organisation !== null ? `/organisations/${organisation.id}/edit` : '/organisations/new'} version={version}
      back={organisation !== null ? `/organisations/${organisation.id}` : '/organisations'} errors={errors} conflict={conflict}
    >
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
      <Text id="o-country" name="country" label={t('place.country')} form={form} hint={t('form.countryHint')} />
      <Text id="o-website" name="website" label={t('organisation.website')} form={form} type="url" />
      <Text id="o-iati" name="iatiOrgId" label={t('form.organisation.iati')} form={form} />
      {curator && organisation !== null ? (
        <label class="choice">
          <input type="checkbox" name="reviewed" value="true" checked={form.reviewed === 'true'} /> {t('form.reviewed')}
        </label>
      ) : null}
    </FormShell>
  );
}

/** A merge tried from the review queue that failed: shown again beside its row, with what was typed. */
export interface MergeAttempt {
  recordType: 'place' | 'organisation';
  id: string;
  into: string;
  errors: FormError[];
}

/** "Merge into…": the flagged record (`id`) goes into the one whose id (or address) the curator gives. */
function MergeForm({ ctx, recordType, id, attempt }: { ctx: ViewContext; recordType: 'place' | 'organisation'; id: string; attempt: MergeAttempt | null }) {
  const { t } = ctx;
  const mine = attempt !== null && attempt.recordType === recordType && attempt.id === id ? attempt : null;
  const fieldId = `merge-${id}`;
  return (
    <form method="post" action={`/${recordType}s/${id}/merge`} class="merge-form">
      <CsrfField ctx={ctx} />
      <label for={fieldId}>{t('review.merge.into')}</label>{' '}
      <input id={fieldId} name="into" type="text" value={mine?.into ?? ''} required aria-describedby={mine !== null ? `${fieldId}-error` : undefined} />{' '}
      <button type="submit">{t('review.merge.submit')}</button>
      {mine !== null ? (
        <span class="error" id={`${fieldId}-error`}>
          {mine.errors.map((e) => e.reason).join('; ')}
        </span>
      ) : null}
    </form>
  );
}

/** The curators' queue: what waits for a decision, with links to act on it and forms to merge duplicates. */
export function ReviewPage({ ctx, practices, places, organisations, merge = null }: {
  ctx: ViewContext; practices: { id: string; title: string; status: string }[]; places: Place[]; organisations: Organisation[]; merge?: MergeAttempt | null;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('review.title')}>
      <h1>{t('review.title')}</h1>
      {merge !== null ? <Problems ctx={ctx} errors={merge.errors} conflict={null} /> : null}
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
      {places.length === 0 ? <p class="muted">{t('review.nothing')}</p> : <p class="hint">{t('review.merge.hint')}</p>}
      <ul>
        {places.map((p) => (
          <li>
            <a href={`/places/${p.id}`}>{p.name}</a>, {ctx.countryName(p.countryCode)} · <a href={`/places/${p.id}/edit`}>{t('curation.edit')}</a>
            <MergeForm ctx={ctx} recordType="place" id={p.id} attempt={merge} />
          </li>
        ))}
      </ul>
      <h2>{t('review.organisations', { count: organisations.length })}</h2>
      {organisations.length === 0 ? <p class="muted">{t('review.nothing')}</p> : <p class="hint">{t('review.merge.hint')}</p>}
      <ul>
        {organisations.map((o) => (
          <li>
            <a href={`/organisations/${o.id}`}>{o.name}</a>
            {o.countryCode !== null ? `, ${ctx.countryName(o.countryCode)}` : ''} · <a href={`/organisations/${o.id}/edit`}>{t('curation.edit')}</a>
            <MergeForm ctx={ctx} recordType="organisation" id={o.id} attempt={merge} />
          </li>
        ))}
      </ul>
      <p>
        <a href="/places/new">{t('places.add')}</a> · <a href="/organisations/new">{t('organisations.add')}</a>
      </p>
    </Layout>
  );
}
