import type { Db } from '../../database.js';
import type { Actor } from '../../platform/auth/actor.js';
import { can } from '../../platform/auth/permissions.js';
import { tiesOf } from '../lifecycle/index.js';
import { standingOf, type DatedValue, type Indicator, type Measure, type Measurement } from './results.domain.js';
import * as repo from './results.repository.js';

/** May the actor read this partnership (its own curation state and ties)? */
export function partnershipReadable(actor: Actor, partnership: repo.PartnershipRef): boolean {
  const ties = tiesOf(partnership, partnership.placeIds, partnership.organisationIds);
  return can(actor, 'read', partnership.deleted ? 'deleted' : partnership.publication, ties);
}

/**
 * Indicators by id, whole (baseline, targets, measurements, standing), in the order of `ids`.
 * No permission check: the caller decided the actor may read them; the actor only decides
 * whether the partnership's title is shown (not to those who may not read the partnership).
 */
export async function loadIndicators(db: Db, actor: Actor, ids: readonly string[]): Promise<Indicator[]> {
  const [rows, targets, measurements] = await Promise.all([repo.indicatorRows(db, ids), repo.targetRows(db, ids), repo.measurementRows(db, ids)]);
  const partnerships = await repo.partnershipsByIds(db, [...new Set(rows.map((r) => r.partnershipId).filter((id): id is string => id !== null))]);
  const targetsOf = new Map<string, DatedValue[]>();
  for (const t of targets) {
    const list = targetsOf.get(t.indicatorId) ?? [];
    list.push({ date: t.targetOn, value: Number(t.value), women: t.women, men: t.men });
    targetsOf.set(t.indicatorId, list);
  }
  const measurementsOf = new Map<string, Measurement[]>();
  for (const m of measurements) {
    const list = measurementsOf.get(m.indicatorId) ?? [];
    list.push({
      date: m.measuredOn, value: Number(m.value), women: m.women, men: m.men, note: m.note, recordedAt: m.createdAt,
      by: { memberId: m.memberId, name: m.publicFields?.includes('name') === true ? m.name : null },
    });
    measurementsOf.set(m.indicatorId, list);
  }
  const byId = new Map(rows.map((row) => {
    const bySex = row.bySex;
    // Women and men are shown only while the indicator is split by sex (turning it off hides them, keeps them).
    const split = <T extends { women: number | null; men: number | null }>(v: T): T => (bySex ? v : { ...v, women: null, men: null });
    const baseline = row.baselineValue === null && row.baselineOn === null ? null : split({ value: row.baselineValue, women: row.baselineWomen, men: row.baselineMen, date: row.baselineOn });
    const ownTargets = (targetsOf.get(row.id) ?? []).map(split);
    const ownMeasurements = (measurementsOf.get(row.id) ?? []).map(split);
    const partnership = row.partnershipId === null ? undefined : partnerships.get(row.partnershipId);
    const indicator: Indicator = {
      id: row.id,
      title: row.title,
      unit: row.unit,
      measure: row.measure as Measure,
      bySex,
      outcome: {
        id: row.outcomeId,
        title: row.outcomeTitle,
        partnershipId: row.partnershipId,
        programme: row.programmePlaceId === null
          ? null
          : { placeId: row.programmePlaceId, placeName: row.placeName ?? '', countryCode: row.placeCountryCode ?? '', title: row.programmeTitle ?? '' },
      },
      partnership: row.partnershipId === null ? null : { id: row.partnershipId, title: partnership !== undefined && partnershipReadable(actor, partnership) ? partnership.title : null },
      baseline,
      targets: ownTargets,
      measurements: ownMeasurements,
      ...standingOf(baseline, ownTargets, ownMeasurements),
      publication: row.publication,
      deleted: row.deletedAt !== null || partnership?.deleted === true,
      version: row.version,
      demo: row.demo,
      createdBy: row.createdBy,
      ownerOrganisationId: row.ownerOrganisationId,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
    return [row.id, indicator] as const;
  }));
  return ids.map((id) => byId.get(id)).filter((i): i is Indicator => i !== undefined);
}
