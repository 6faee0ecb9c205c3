import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberActor, OPERATOR, PUBLIC, type MemberActor } from '../../platform/auth/actor.js';
import { createTestPontes, demoBytes } from '../../../test/helpers.js';
import type { Pontes } from '../../bootstrap.js';
import { changePracticeStatus, createPractice, deletePractice, practiceVersions, updatePractice } from './practices.curation.js';
import { exportPractices, getPractice, importPractices, listPractices } from './index.js';

let pontes: Pontes;
let author: MemberActor;
let other: MemberActor;
let curator: MemberActor;
let admin: MemberActor;

async function member(role: 'member' | 'curator' | 'admin', email: string): Promise<string> {
  const row = await pontes.db.insertInto('members').values({ email, emailKey: email, role }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  pontes = await createTestPontes();
  await importPractices(pontes.db, OPERATOR, demoBytes(), { source: 'ilo-2013-handbook', status: 'published' });
  author = memberActor({ memberId: await member('member', 'author@example.org'), role: 'member' });
  other = memberActor({ memberId: await member('member', 'other@example.org'), role: 'member' });
  curator = memberActor({ memberId: await member('curator', 'curator@example.org'), role: 'curator' });
  admin = memberActor({ memberId: await member('admin', 'admin@example.org'), role: 'admin' });
});
afterAll(async () => {
  await pontes?.close();
});

const draft = {
  title: 'Waste pickers run the sorting centre',
  summary: 'A cooperative of waste pickers and the city share a sorting centre.',
  language: 'en',
  places: [{ city: 'Durban', country: 'ZA' }],
  partners: [{ name: 'Asiye eTafuleni', country: 'ZA', kind: 'ngo_cso', role: 'implementing' }],
  criteria: [{ code: 'participation', evidence: 'Monthly meetings.' }, { code: 'sustainability', evidence: 'Budget line.' }, { code: 'innovation', evidence: 'First in the region.' }],
};

describe('writing and curating a practice', () => {
  it('creates a draft derived like an import, visible to its author and curators only', async () => {
    const practice = await createPractice(pontes.db, author, draft);
    expect(practice).toMatchObject({ source: 'pontes', sourceId: practice.id, status: 'draft', version: 1, createdBy: author.memberId, goodPractice: true, countryCodes: ['ZA'] });
    expect(practice.modality).toBe('domestic');
    expect(practice.places[0]?.placeId).not.toBeNull();
    await expect(getPractice(pontes.db, PUBLIC, practice.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPractice(pontes.db, other, practice.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getPractice(pontes.db, author, practice.id)).title).toBe(draft.title);
    expect((await getPractice(pontes.db, curator, practice.id)).title).toBe(draft.title);
    const mine = await listPractices(pontes.db, author, {}, {});
    const theirs = await listPractices(pontes.db, other, {}, {});
    expect(mine.total).toBe(theirs.total + 1);
    expect(mine.items.some((p) => p.id === practice.id)).toBe(true);
    expect((await listPractices(pontes.db, author, { status: 'draft' }, {})).items.map((p) => p.id)).toEqual([practice.id]);
    expect((await listPractices(pontes.db, other, { status: 'draft' }, {})).total).toBe(0);
  });

  it('refuses invalid records with field-level reasons and the public outright', async () => {
    await expect(createPractice(pontes.db, author, { ...draft, places: [{ country: 'QQ' }] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(createPractice(pontes.db, author, { ...draft, title: undefined })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(createPractice(pontes.db, PUBLIC, draft)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(createPractice(pontes.db, memberActor({ memberId: author.memberId, role: 'member', scope: 'read', via: 'token' }), draft)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('saves edits from the current version only, keeping every version and an audit entry', async () => {
    const practice = await createPractice(pontes.db, author, { ...draft, title: 'Edit me' });
    const edited = await updatePractice(pontes.db, author, practice.id, { title: 'Edited once' }, { version: 1 });
    expect(edited).toMatchObject({ title: 'Edited once', version: 2, summary: draft.summary });
    await expect(updatePractice(pontes.db, author, practice.id, { title: 'Stale' }, { version: 1 })).rejects.toMatchObject({ code: 'VERSION_CONFLICT', status: 409 });
    await expect(updatePractice(pontes.db, author, practice.id, { title: 'No version' }, {})).rejects.toMatchObject({ code: 'VERSION_REQUIRED' });
    expect((await getPractice(pontes.db, author, practice.id)).title).toBe('Edited once');
    await expect(updatePractice(pontes.db, other, practice.id, { title: 'Not mine' }, { version: 2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { versions } = await practiceVersions(pontes.db, author, practice.id);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]?.data.title).toBe('Edited once');
    const audit = await pontes.db.selectFrom('auditLog').select(['action', 'memberId']).where('recordId', '=', practice.id).orderBy('id').execute();
    expect(audit).toEqual([{ action: 'practice.create', memberId: author.memberId }, { action: 'practice.edit', memberId: author.memberId }]);
  });

  it('goes through the workflow: submit, review, return with a comment, publish, archive', async () => {
    const practice = await createPractice(pontes.db, author, { ...draft, title: 'Through the workflow' });
    await expect(changePracticeStatus(pontes.db, author, practice.id, { status: 'published' })).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    await expect(changePracticeStatus(pontes.db, author, practice.id, { status: 'draft' })).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    expect((await changePracticeStatus(pontes.db, author, practice.id, { status: 'submitted' })).status).toBe('submitted');
    await expect(updatePractice(pontes.db, author, practice.id, { title: 'Too late' }, { version: 2 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(changePracticeStatus(pontes.db, author, practice.id, { status: 'in_review' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await changePracticeStatus(pontes.db, curator, practice.id, { status: 'in_review' });
    const returned = await changePracticeStatus(pontes.db, curator, practice.id, { status: 'draft', note: 'Add a result with a figure.' });
    expect(returned).toMatchObject({ status: 'draft', reviewComment: 'Add a result with a figure.' });
    await changePracticeStatus(pontes.db, author, practice.id, { status: 'submitted' });
    await changePracticeStatus(pontes.db, curator, practice.id, { status: 'in_review' });
    const published = await changePracticeStatus(pontes.db, curator, practice.id, { status: 'published' });
    expect(published.publishedAt).not.toBeNull();
    expect((await getPractice(pontes.db, PUBLIC, practice.id)).status).toBe('published');
    await changePracticeStatus(pontes.db, curator, practice.id, { status: 'archived' });
    await expect(getPractice(pontes.db, PUBLIC, practice.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { versions } = await practiceVersions(pontes.db, curator, practice.id);
    expect(versions.map((v) => v.status)).toEqual(['draft', 'submitted', 'in_review', 'draft', 'submitted', 'in_review', 'published', 'archived']);
    expect(versions[3]?.note).toBe('Add a result with a figure.');
  });

  it('lets admins soft-delete and restore; deleted practices leave lists, exports and counts', async () => {
    const practice = await createPractice(pontes.db, author, { ...draft, title: 'To be deleted' });
    await expect(deletePractice(pontes.db, curator, practice.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await deletePractice(pontes.db, admin, practice.id);
    await expect(getPractice(pontes.db, author, practice.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPractice(pontes.db, curator, practice.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getPractice(pontes.db, admin, practice.id)).state).toBe('deleted');
    expect((await listPractices(pontes.db, admin, {}, { limit: 100 })).items.some((p) => p.id === practice.id)).toBe(false);
    expect((await listPractices(pontes.db, admin, { status: 'deleted' }, {})).items.map((p) => p.id)).toEqual([practice.id]);
    expect((await listPractices(pontes.db, curator, { status: 'deleted' }, {})).total).toBe(0);
    const exported = [];
    for await (const record of exportPractices(pontes.db, curator, {})) exported.push(record.id);
    expect(exported).not.toContain(practice.id);
    await expect(deletePractice(pontes.db, admin, practice.id)).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    const restored = await changePracticeStatus(pontes.db, admin, practice.id, { status: 'draft' });
    expect(restored.state).toBe('draft');
    expect((await getPractice(pontes.db, author, practice.id)).state).toBe('draft');
  });

  it('checks adapted_from: the other practice must be one the writer can read', async () => {
    const hidden = await createPractice(pontes.db, other, { ...draft, title: 'Someone else’s draft' });
    await expect(createPractice(pontes.db, author, { ...draft, adapted_from: hidden.id })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(createPractice(pontes.db, author, { ...draft, adapted_from: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const mine = await createPractice(pontes.db, author, { ...draft, title: 'My original' });
    const adaptation = await createPractice(pontes.db, author, { ...draft, title: 'My adaptation', adapted_from: mine.id });
    expect((await getPractice(pontes.db, author, adaptation.id)).adaptedFrom?.id).toBe(mine.id);
  });
});
