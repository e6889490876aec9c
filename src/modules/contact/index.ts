export { adaptersFor } from './adapters.ts';
export { contactDispatchJob, contactSweepJob } from './contact.jobs.ts';
export { contactRoutes } from './contact.routes.ts';
export { type DispatchSummary, dispatchDue, type SweepSummary, sweepDay } from './daily.service.ts';
export { type NoAffordableOfferTask, openNoAffordableOfferTask } from './tasks.service.ts';
export { ensureDefaults } from './templates.service.ts';
