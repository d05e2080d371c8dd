import { AgentRecord } from './agent.js';
import { ApiKey } from './api-key.js';
import { Membership } from './membership.js';
import { Metric } from './metric.js';
import { Organization } from './organization.js';
import { OutboxMessage } from './outbox.js';
import { Project } from './project.js';
import { Sweep } from './sweep.js';
import { Trial } from './trial.js';
import { TrialEvent } from './trial-event.js';
import { TrialLog } from './trial-log.js';
import { User } from './user.js';

export { AgentRecord, ApiKey, Membership, Metric, Organization, OutboxMessage, Project, Sweep, Trial, TrialEvent, TrialLog, User };
export * from './api-key.js';
export * from './membership.js';
export * from './sweep.js';
export * from './trial.js';

export const entities = [
  AgentRecord, ApiKey, Membership, Metric, Organization, OutboxMessage, Project, Sweep, Trial, TrialEvent, TrialLog, User,
];
