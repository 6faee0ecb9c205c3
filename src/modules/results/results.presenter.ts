import type { Baseline, DatedValue, Indicator, Measurement, Outcome } from './results.domain.js';

/** Links of an indicator: its page and its chart (server-rendered SVG). */
export const indicatorPath = (id: string) => `/indicators/${id}`;
export const chartPath = (id: string) => `/indicators/${id}/chart.svg`;

const datedValue = (v: DatedValue) => ({ date: v.date, value: v.value, women: v.women, men: v.men });
const baseline = (b: Baseline) => ({ value: b.value, women: b.women, men: b.men, date: b.date });
const measurement = (m: Measurement) => ({ ...datedValue(m), note: m.note, by: { member_id: m.by.memberId, name: m.by.name }, recorded_at: m.recordedAt });

export function presentOutcome(outcome: Outcome) {
  return {
    id: outcome.id,
    title: outcome.title,
    partnership_id: outcome.partnershipId,
    programme: outcome.programme === null
      ? null
      : { place_id: outcome.programme.placeId, place_name: outcome.programme.placeName, country_code: outcome.programme.countryCode, title: outcome.programme.title },
  };
}

/** An indicator in lists and in the framework: everything but its targets and measurements (their standing instead). */
export function presentIndicatorSummary(indicator: Indicator) {
  return {
    id: indicator.id,
    title: indicator.title,
    unit: indicator.unit,
    measure: indicator.measure,
    by_sex: indicator.bySex,
    outcome: presentOutcome(indicator.outcome),
    partnership: indicator.partnership === null ? null : { id: indicator.partnership.id, title: indicator.partnership.title },
    baseline: indicator.baseline === null ? null : baseline(indicator.baseline),
    latest: indicator.latest === null ? null : datedValue(indicator.latest),
    next_target: indicator.nextTarget === null ? null : datedValue(indicator.nextTarget),
    progress: indicator.progress,
    url: indicatorPath(indicator.id),
    chart_url: chartPath(indicator.id),
    publication: indicator.deleted ? 'deleted' : indicator.publication,
    version: indicator.version,
    demo: indicator.demo,
    created_by: indicator.createdBy,
    owner_organisation_id: indicator.ownerOrganisationId,
    created_at: indicator.createdAt,
    updated_at: indicator.updatedAt,
  };
}

/** An indicator whole: the summary plus every target and measurement, oldest first. */
export function presentIndicator(indicator: Indicator) {
  return {
    ...presentIndicatorSummary(indicator),
    targets: indicator.targets.map(datedValue),
    measurements: indicator.measurements.map(measurement),
  };
}
