export { roadmapsApi } from './roadmaps.api.js';
export { roadmapsPages } from './roadmaps.pages.js';
export {
  COMMITMENT_LIFECYCLE, isOverdue, progressOf, todayUtc,
  type Commitment, type CommitmentNote, type CommitmentOwner, type CommitmentStatus, type Evidence, type Roadmap, type RoadmapProgress, type RoadmapSummary,
} from './roadmaps.domain.js';
export {
  addCommitment, addCommitmentNote, createRoadmap, getCommitment, getRoadmap, listRoadmaps, moveCommitment, overdueCommitmentsOf, roadmapsOfEvent, updateCommitment, updateRoadmap,
  type CommitmentInput, type RoadmapInput,
} from './roadmaps.service.js';
export { commitmentStore, roadmapStore } from './roadmaps.store.js';
export { runCommitmentReminders, type ReminderRun } from './roadmaps.reminders.js';
export { presentCommitment, presentRoadmap, presentRoadmapSummary } from './roadmaps.presenter.js';
export { CommitmentSchema, RoadmapSchema, RoadmapSummarySchema } from './roadmaps.schemas.js';
export { OverdueCommitmentsSection, ProgressSummary } from './roadmaps.views.js';
