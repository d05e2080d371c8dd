/** The closed sets the schema's CHECK constraints enforce, for code that must agree with them. */
export const SWEEP_STATUSES = ['PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'STOPPED', 'FAILED'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];
export const FINAL_SWEEP_STATUSES: readonly SweepStatus[] = ['COMPLETED', 'STOPPED', 'FAILED'];
/** Sweeps the scheduler still ticks. */
export const ACTIVE_SWEEP_STATUSES: readonly SweepStatus[] = ['PENDING', 'RUNNING', 'PAUSED'];

/**
 * PRUNED: the searcher ended the trial (early stopping, PBT's exploit). STOPPED: a person stopped
 * its sweep (running trials when they end, queued ones at once).
 */
export const TRIAL_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'PRUNED', 'STOPPED', 'FAILED'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];
export const FINAL_TRIAL_STATUSES: readonly TrialStatus[] = ['COMPLETED', 'PRUNED', 'STOPPED', 'FAILED'];

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
/** Roles that may change things (create projects and sweeps, stop sweeps). */
export const WRITE_ROLES: readonly Role[] = ['owner', 'admin', 'member'];

export const API_KEY_KINDS = ['user', 'agent'] as const;
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];
