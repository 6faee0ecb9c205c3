import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Db } from '../../database.js';
import type { RecordState } from '../../platform/auth/permissions.js';
import { csvStream } from '../../platform/csv.js';
import { editedVersion } from '../../platform/http/edited-version.js';
import { errorResponses, writeResponses } from '../api/api.schemas.js';
import { RecordVersionList } from '../versions/index.js';
import { changePracticeStatus, createPractice, deletePractice, practiceVersions, updatePractice, type PracticeFields } from './practices.curation.js';
import { practiceCsvRow, presentPractice, presentPracticeItem, PRACTICE_CSV_COLUMNS, PRACTICES_CSV_FILENAME } from './practices.presenter.js';
import { PracticeCsv, PracticeCsvQuery, PracticeDetail, PracticeListQuery, PracticePage, PracticeStatusBody, PracticeWriteBody } from './practices.schemas.js';
import { CSV_MAX_ROWS, exportPracticeItems, getPractice, listPractices } from './practices.service.js';

const IdParams = Type.Object({ id: Type.String() });


/**
 * JSON routes of the catalogue (read, write, the workflow and the history) and its CSV
 * download. `publicUrl` (PONTES_PUBLIC_URL) makes the CSV's links absolute; without it they
 * stay relative rather than trust the request's Host header.
 */
export const practicesApi: FastifyPluginAsyncTypebox<{ db: Db; publicUrl?: string | undefined }> = async (app, { db, publicUrl }) => {
  app.get('/practices', {
    schema: {
      tags: ['practices'],
      summary: 'List practices, filtered and paged',
      description: 'Everything the caller may read: published practices; for a member also the ones tied to them (their own, their organisations\', those of places and organisations they are focal point of); every live one for curators; admins see deleted ones when asking status=deleted.',
      querystring: PracticeListQuery,
      response: { 200: PracticePage, ...errorResponses },
    },
  }, async (request) => {
    const { limit, offset, ...filters } = request.query;
    const list = await listPractices(db, request.actor, filters, { limit, offset });
    return { items: list.items.map(presentPracticeItem), total: list.total, limit: list.limit, offset: list.offset };
  });

  app.get('/practices.csv', {
    schema: {
      tags: ['practices'],
      summary: 'The practices as CSV, for spreadsheets',
      description: `The same filters and the same visibility as GET /practices (what the caller may read; drafts only for those who may see them), every matching practice in one download (at most ${CSV_MAX_ROWS}; more is refused with 400: narrow the filters). UTF-8 with a byte-order mark, RFC 4180 (CRLF, fields in double quotes). Columns: ${PRACTICE_CSV_COLUMNS.join(', ')}; lists are joined with "; ". A cell that would start with = + - @, tab, carriage return or NUL is prefixed with a single quote, so no spreadsheet program runs it as a formula.`,
      querystring: PracticeCsvQuery,
      response: { 200: PracticeCsv, ...errorResponses },
    },
  }, async (request, reply) => {
    const { items } = await exportPracticeItems(db, request.actor, request.query);
    async function* rows() {
      for await (const practice of items) yield practiceCsvRow(practice, publicUrl);
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${PRACTICES_CSV_FILENAME}"`)
      .send(csvStream(PRACTICE_CSV_COLUMNS, rows(), (error) => request.log.error({ err: error }, 'the CSV export stopped')));
  });

  app.get('/practices/:id', {
    schema: {
      tags: ['practices'],
      summary: 'One practice with places, partners, results, criteria and lineage',
      description: 'Answers an ETag: the version, to send back as If-Match with an edit. 404 for a practice the caller may not read.',
      params: IdParams,
      response: { 200: PracticeDetail, ...errorResponses },
    },
  }, async (request, reply) => {
    const practice = await getPractice(db, request.actor, request.params.id);
    reply.header('etag', `"${practice.version}"`);
    return presentPractice(practice);
  });

  app.post('/practices', {
    schema: {
      tags: ['practices'],
      summary: 'Write a new practice (a draft of source "pontes", yours)',
      description: 'The body holds the exchange format\'s fields (without id), checked and derived as an import does (modality, good-practice mark, country and region codes, places and partners resolved). 400 lists every bad field.',
      body: PracticeWriteBody,
      response: { 201: PracticeDetail, ...writeResponses },
    },
  }, async (request, reply) => {
    const { owner_organisation_id, version: _v, ...fields } = request.body;
    const practice = await createPractice(db, request.actor, fields as PracticeFields, { ownerOrganisationId: owner_organisation_id });
    reply.status(201).header('location', `/api/v1/practices/${practice.id}`).header('etag', `"${practice.version}"`);
    return presentPractice(practice);
  });

  app.patch('/practices/:id', {
    schema: {
      tags: ['practices'],
      summary: 'Edit a practice (optimistic concurrency)',
      description: 'Send the version you edited as If-Match: "<version>" (the ETag of GET) or as `version` in the body; without it 428. A stale version answers 409 VERSION_CONFLICT with the current version and changes nothing. Fields given replace the stored ones; null removes one. 404 when you may not read the practice; 401/403 when you may read it but not edit it in its state.',
      params: IdParams,
      body: PracticeWriteBody,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The ETag of the version edited, e.g. "3"' })) }),
      response: { 200: PracticeDetail, ...writeResponses },
    },
  }, async (request, reply) => {
    const { owner_organisation_id, version, ...fields } = request.body;
    const practice = await updatePractice(db, request.actor, request.params.id, fields as PracticeFields, {
      ownerOrganisationId: owner_organisation_id, version: editedVersion(request, version),
    });
    reply.header('etag', `"${practice.version}"`);
    return presentPractice(practice);
  });

  app.post('/practices/:id/status', {
    schema: {
      tags: ['practices'],
      summary: 'Move a practice through the review workflow',
      description: 'draft → submitted → in_review → published, back to draft with a note (the curator\'s comment), archived at the end (and published again from there); deleted and restored by admins. 404 when you may not read the practice; 409 TRANSITION_NOT_ALLOWED when the workflow has no such move from its current state (including to the state it is in); 401/403 when the move exists but is not yours to make.',
      params: IdParams,
      body: PracticeStatusBody,
      response: { 200: PracticeDetail, ...writeResponses },
    },
  }, async (request, reply) => {
    const practice = await changePracticeStatus(db, request.actor, request.params.id, {
      status: request.body.status as RecordState, note: request.body.note, version: editedVersion(request, request.body.version),
    });
    reply.header('etag', `"${practice.version}"`);
    return presentPractice(practice);
  });

  app.delete('/practices/:id', {
    schema: {
      tags: ['practices'],
      summary: 'Soft-delete a practice (admins)',
      description: 'The practice leaves every list, search, count and export but admins\' (status=deleted); POST …/status {"status":"draft"} restores it.',
      params: IdParams,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
      response: { 200: PracticeDetail, ...writeResponses },
    },
  }, async (request) => presentPractice(await deletePractice(db, request.actor, request.params.id, editedVersion(request, undefined))));

  app.get('/practices/:id/versions', {
    schema: {
      tags: ['practices'],
      summary: 'Every saved version of a practice, oldest first',
      description: 'For those who work on the practice (its owners, focal points, curators, admins). 404 when you may not read it.',
      params: IdParams,
      response: { 200: RecordVersionList, ...writeResponses },
    },
  }, async (request) => ({ items: (await practiceVersions(db, request.actor, request.params.id)).versions }));
};
