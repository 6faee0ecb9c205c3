import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../database.js';
import { sendPage } from '../../platform/http/render.js';
import { flatQuery, pageContext } from '../../views/page-context.js';
import { countryRegistry } from '../countries/index.js';
import { searchPlaces } from '../places/index.js';
import { matchPlaces, matchPractices, type MatchQuery } from './match.service.js';
import { MatchPage } from './match.views.js';

/** The "find peers" page: a GET form (need, city or context) and its explained suggestions. */
export const matchPages: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  app.get('/match', { schema: { hide: true } }, async (request, reply) => {
    const query = flatQuery(request.query);
    const ctx = await pageContext(request, db);
    const registry = await countryRegistry(db);
    const form = {
      need: (query.need ?? '').slice(0, 500),
      city: (query.city ?? '').slice(0, 200),
      country: /^[A-Za-z]{2}$/.test(query.country ?? '') ? query.country!.toUpperCase() : '',
      population: /^\d{1,10}$/.test(query.population ?? '') ? query.population! : '',
      sectors: (query.sectors ?? '').split(',').filter((s) => s !== ''),
    };
    const countries = registry
      .all()
      .map((c) => ({ code: c.code, name: ctx.countryName(c.code) }))
      .sort((a, b) => a.name.localeCompare(b.name, ctx.lang));
    const asked = form.need !== '' || form.city !== '' || form.country !== '' || form.population !== '' || form.sectors.length > 0;
    let placeNote: string | null = null;
    let practices = null;
    let places = null;
    if (asked) {
      let placeId: string | undefined;
      if (form.city !== '') {
        const found = await searchPlaces(db, { q: form.city, country: form.country || undefined, limit: 1, offset: 0 });
        const best = found.items[0];
        if (best !== undefined && best.score >= 0.8) {
          placeId = best.id;
          placeNote = ctx.t('match.yourPlace', { place: best.name, country: ctx.countryName(best.countryCode) });
        } else {
          placeNote = ctx.t('match.placeNotFound', { name: form.city });
        }
      }
      const matchQuery: MatchQuery = {
        need: form.need,
        place: placeId,
        country: form.country || undefined,
        population: form.population !== '' ? Number(form.population) : undefined,
        sectors: form.sectors.join(',') || undefined,
        limit: 10,
      };
      practices = (await matchPractices(db, request.actor, matchQuery)).items;
      if (placeId !== undefined || form.country !== '' || form.population !== '') places = (await matchPlaces(db, { ...matchQuery, limit: 5 })).items;
    }
    return sendPage(reply, MatchPage({ ctx, form, countries, placeNote, practices, places }));
  });
};
