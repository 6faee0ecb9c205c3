import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demoBytes, type TestApp } from '../../../test/helpers.js';
import { DEMO_SOURCE } from '../../bootstrap.js';
import { OPERATOR, PUBLIC } from '../../platform/auth/actor.js';
import { getEvent } from '../events/index.js';
import { getMatch } from '../matches/index.js';
import { getPartnership, listPartnerships } from '../partnerships/index.js';
import { importPractices } from '../practices/index.js';
import { getIndicator } from '../results/index.js';
import { getRoadmap } from '../roadmaps/index.js';
import { loadCooperationStory, STORY_FILE, storyIds, type StoryIds } from './demo.service.js';

let t: TestApp;
let ids: StoryIds;

beforeAll(async () => {
  t = await createTestApp();
  await importPractices(t.pontes.db, OPERATOR, demoBytes(), { source: DEMO_SOURCE, status: 'published' });
  ids = await loadCooperationStory(t.pontes.db);
}, 120_000);
afterAll(() => t.close());

describe('the handbook cooperation story', () => {
  it('loads every record of the file, published and marked as demo, for the public to read', async () => {
    const story = JSON.parse(fs.readFileSync(STORY_FILE, 'utf8')) as Record<string, unknown[]>;
    expect(Object.keys(ids.events)).toHaveLength(story.events!.length);
    expect(Object.keys(ids.partnerships)).toHaveLength(story.partnerships!.length);
    expect(Object.keys(ids.roadmaps)).toHaveLength(story.roadmaps!.length);
    expect(ids.indicators).toHaveLength(story.indicators!.length);
    expect(await storyIds(t.pontes.db)).toEqual(ids);
    const listed = await listPartnerships(t.pontes.db, PUBLIC, {});
    expect(listed.total).toBe(story.partnerships!.length);
  });

  it('tells the Maputo event, its roadmap of seven commitments and the Maputo–Durban project as the handbook does', async () => {
    const event = await getEvent(t.pontes.db, PUBLIC, ids.events['maputo-2012']!);
    expect(event.startsAt.toISOString()).toBe('2012-11-07T07:00:00.000Z');
    expect(event.timeZone).toBe('Africa/Maputo');
    expect(event.organisers.map((o) => o.name)).toContain('Cities Alliance');
    const roadmap = await getRoadmap(t.pontes.db, PUBLIC, ids.roadmaps['maputo-roadmap']!);
    expect(roadmap.commitments.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(roadmap.progress.overdue).toBeGreaterThan(0);
    const visit = await getEvent(t.pontes.db, PUBLIC, ids.events['maputo-durban-june-2013']!);
    expect((visit.participants.bySex.women ?? 0) + (visit.participants.bySex.men ?? 0)).toBe(9);
    const project = await getPartnership(t.pontes.db, PUBLIC, ids.partnerships['maputo-durban-vendors']!);
    expect(project.modality).toBe('triangular');
    expect(project.status).toBe('active');
    const match = await getMatch(t.pontes.db, PUBLIC, ids.matches['maputo-markets-need']!);
    expect([match.status, match.partnershipId]).toEqual(['partnership_created', project.id]);
    const plan = await getRoadmap(t.pontes.db, PUBLIC, ids.roadmaps['vendors-plan']!);
    expect(plan.commitments).toHaveLength(3);
    const indicator = await getIndicator(t.pontes.db, PUBLIC, ids.indicators[0]!);
    expect(indicator.measurements.length).toBeGreaterThan(0);
    const agreements = await Promise.all(['barcelona-maputo', 'belo-horizonte-maputo'].map((key) => getPartnership(t.pontes.db, PUBLIC, ids.partnerships[key]!)));
    expect(agreements.map((p) => [p.modality, p.status])).toEqual([['north_south', 'active'], ['south_south', 'negotiating']]);
  });

  it('shows the story as the live loop on the home page', async () => {
    const home = await t.app.inject({ url: '/' });
    expect(home.statusCode).toBe(200);
    for (const href of [`/needs/${ids.needs['maputo-markets-need']}`, `/partnerships/${ids.partnerships['maputo-durban-vendors']}`, `/events/${ids.events['maputo-durban-june-2013']}`, `/roadmaps/${ids.roadmaps['vendors-plan']}`, `/indicators/${ids.indicators[0]}`]) {
      expect(home.body).toContain(`href="${href}"`);
    }
    // The partnership's page gathers its events and its results (the other modules' sections).
    const page = await t.app.inject({ url: `/partnerships/${ids.partnerships['maputo-durban-vendors']}` });
    expect(page.body).toContain(`href="/events/${ids.events['maputo-durban-june-2013']}"`);
    expect(page.body).toContain(`/indicators/${ids.indicators[0]}/chart.svg`);
    // Durban's page lists the partnership and the events it hosted.
    const durban = await t.app.inject({ url: `/places/${(await getEvent(t.pontes.db, PUBLIC, ids.events['maputo-durban-june-2013']!)).place!.id}` });
    expect(durban.body).toContain(`href="/partnerships/${ids.partnerships['maputo-durban-vendors']}"`);
    const hub = await t.app.inject({ url: '/cooperation' });
    expect(hub.statusCode).toBe(200);
    expect(hub.body).toContain('href="/roadmaps"');
  });
});
