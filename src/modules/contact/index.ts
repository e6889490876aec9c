export { adaptersFor } from './adapters.ts';
export { createCadence, getCadence, listCadences, updateCadence } from './cadence.service.ts';
export { contactDispatchJob, contactSweepJob } from './contact.jobs.ts';
export { contactRoutes } from './contact.routes.ts';
export { SuppressionKindSchema } from './contact.schemas.ts';
export {
  isDebtorVulnerable,
  REVIEW_REPLY_DAYS,
  REVIEW_SUBJECTS,
  type ReviewSubject,
  recordHumanReviewRequest,
  requestHumanReview,
} from './contact.service.ts';
export {
  activeSuppressions,
  addDebtorSuppression,
  contactWindowOn,
  createDebtorTask,
  type DebtorSubject,
  type DebtorTaskKind,
  debtorContactData,
  debtorOfMessageLink,
  endDebtorOptOut,
  findIssuedMessage,
  sendRequestedMessage,
} from './debtor-requests.service.ts';
export { type DispatchSummary, dispatchDue } from './dispatch.service.ts';
export { firstCollectionDayInState } from './guardrail.rules.ts';
export { type SweepSummary, sweepDay } from './sweep.service.ts';
export { type NoAffordableOfferTask, openNoAffordableOfferTask } from './tasks.service.ts';
export { ensureDefaults } from './templates.service.ts';
export { STATE_CONTACT_RULES, stateContactRule } from './window.rules.ts';
