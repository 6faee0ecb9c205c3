import type { Commitment, Roadmap, RoadmapProgress, RoadmapSummary } from './roadmaps.domain.js';

/** Domain objects → the API's snake_case shapes (RoadmapSchema, CommitmentSchema). */

export function presentProgress(progress: RoadmapProgress) {
  return {
    total: progress.total, pending: progress.pending, in_progress: progress.inProgress, done: progress.done, dropped: progress.dropped,
    overdue: progress.overdue, share_done: progress.shareDone,
  };
}

export function presentCommitment(commitment: Commitment) {
  return {
    id: commitment.id,
    url: `/commitments/${commitment.id}`,
    roadmap_id: commitment.roadmapId,
    roadmap_title: commitment.roadmapTitle,
    number: commitment.number,
    text: commitment.text,
    owners: commitment.owners.map((o) => ({ place_id: o.placeId, organisation_id: o.organisationId, name: o.name, country_code: o.countryCode })),
    due_on: commitment.dueOn,
    status: commitment.status,
    overdue: commitment.overdue,
    evidence: commitment.evidence.map((e) => ({ ...(e.title !== undefined ? { title: e.title } : {}), url: e.url })),
    notes: commitment.notes.map((n) => ({ id: n.id, noted_on: n.notedOn, text: n.text, by: { member_id: n.by.memberId, name: n.by.name }, created_at: n.createdAt })),
    publication: commitment.publication,
    version: commitment.version,
    demo: commitment.demo,
    created_at: commitment.createdAt,
    updated_at: commitment.updatedAt,
  };
}

export function presentRoadmapSummary(roadmap: RoadmapSummary) {
  return {
    id: roadmap.id,
    url: `/roadmaps/${roadmap.id}`,
    title: roadmap.title,
    description: roadmap.description,
    language: roadmap.language,
    event_id: roadmap.eventId,
    event: roadmap.event === null ? null : { id: roadmap.event.id, title: roadmap.event.title, starts_at: roadmap.event.startsAt, place_id: roadmap.event.placeId },
    adopted_on: roadmap.adoptedOn,
    owner_organisation_id: roadmap.ownerOrganisationId,
    progress: presentProgress(roadmap.progress),
    publication: roadmap.deleted ? 'deleted' : roadmap.publication,
    version: roadmap.version,
    demo: roadmap.demo,
    created_at: roadmap.createdAt,
    updated_at: roadmap.updatedAt,
  };
}

export function presentRoadmap(roadmap: Roadmap) {
  return { ...presentRoadmapSummary(roadmap), commitments: roadmap.commitments.map(presentCommitment) };
}
