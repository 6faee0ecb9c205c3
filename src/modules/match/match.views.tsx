import { formatNumber, vocabLabel } from '../../views/components.js';
import type { ViewContext } from '../../views/context.js';
import { Layout } from '../../views/layout.js';
import { codesOf } from '../vocabularies/index.js';
import { explanationText } from './match.presenter.js';
import type { Explanation, PlaceMatch, PracticeMatch } from './match.service.js';

export interface MatchForm {
  need: string;
  city: string;
  country: string;
  population: string;
  sectors: string[];
}

function Reasons({ ctx, explanation }: { ctx: ViewContext; explanation: Explanation[] }) {
  // The reasons that count, strongest first; a factor that adds nothing is not a reason.
  const reasons = explanation.filter((e) => e.contribution > 0.005);
  return <p class="reasons">{reasons.map((e) => explanationText(e, ctx.t, ctx.lang)).join('; ')}</p>;
}

export function MatchPage({ ctx, form, countries, placeNote, practices, places }: {
  ctx: ViewContext;
  form: MatchForm;
  countries: { code: string; name: string }[];
  placeNote: string | null;
  practices: PracticeMatch[] | null;
  places: PlaceMatch[] | null;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('match.title')}>
      <h1>{t('match.title')}</h1>
      <p class="lead">{t('match.lead')}</p>
      <form method="get" action="/match" class="match-form">
        <p>
          <label for="need">{t('match.need')}</label>
          <input id="need" type="search" name="need" value={form.need} maxLength={500} aria-describedby="need-hint" />
          <span id="need-hint" class="hint">
            {t('match.needHint')}
          </span>
        </p>
        <p>
          <label for="city">{t('match.myPlace')}</label>
          <input id="city" type="text" name="city" value={form.city} maxLength={200} aria-describedby="city-hint" />
          <span id="city-hint" class="hint">
            {t('match.myPlaceHint')}
          </span>
        </p>
        <details open={form.country !== '' || form.population !== '' || form.sectors.length > 0}>
          <summary>{t('match.orContext')}</summary>
          <p>
            <label for="country">{t('match.country')}</label>
            <select id="country" name="country">
              <option value="">{t('match.anyCountry')}</option>
              {countries.map((c) => (
                <option value={c.code} selected={c.code === form.country}>
                  {c.name}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="population">{t('match.population')}</label>
            <input id="population" type="number" name="population" min={0} step={1} value={form.population} />
          </p>
          <fieldset>
            <legend>{t('match.sectors')}</legend>
            {codesOf('sectors').map((code) => (
              <label>
                <input type="checkbox" name="sectors" value={code} checked={form.sectors.includes(code)} /> {vocabLabel(ctx, 'sectors', code)}
              </label>
            ))}
          </fieldset>
        </details>
        <p>
          <button type="submit">{t('match.submit')}</button>
        </p>
      </form>
      {placeNote !== null ? <p class="note">{placeNote}</p> : null}
      {practices !== null ? (
        <section>
          <h2>{t('match.practicesTitle')}</h2>
          {practices.length === 0 ? <p class="muted">{t('match.none')}</p> : null}
          <ol class="cards matches">
            {practices.map((m) => {
              const lang = m.practice.language !== ctx.lang ? m.practice.language : undefined;
              return (
                <li class="card">
                  <h3>
                    <a href={`/practices/${m.practice.id}`} lang={lang}>
                      {m.practice.title}
                    </a>
                  </h3>
                  <p class="meta">
                    {m.practice.placeNames.join(', ')} · {t('match.score', { percent: Math.round(m.score * 100) })}
                  </p>
                  <Reasons ctx={ctx} explanation={m.explanation} />
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
      {places !== null && places.length > 0 ? (
        <section>
          <h2>{t('match.placesTitle')}</h2>
          <ol class="cards matches">
            {places.map((m) => (
              <li class="card">
                <h3>
                  <a href={`/places/${m.place.id}`}>{m.place.name}</a>
                </h3>
                <p class="meta">
                  {ctx.countryName(m.place.countryCode)}
                  {m.place.population !== null ? ` · ${t('place.inhabitants', { count: m.place.population, formatted: formatNumber(ctx, m.place.population) })}` : ''} ·{' '}
                  {t('match.practicesThere', { count: m.practices })}
                </p>
                <Reasons ctx={ctx} explanation={m.explanation} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </Layout>
  );
}
