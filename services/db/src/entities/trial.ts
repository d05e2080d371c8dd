import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const TRIAL_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'PRUNED', 'FAILED'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];
export const FINAL_TRIAL_STATUSES: readonly TrialStatus[] = ['COMPLETED', 'PRUNED', 'FAILED'];

@Entity('trial')
export class Trial {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'sweep_id' }) sweepId!: string;
  @Column('integer') number!: number;
  @Column('text') status!: TrialStatus;
  /** Flat (dotted) names, as the search space knows them. */
  @Column('jsonb') params!: Record<string, unknown>;
  /** Delivery attempt of the assignment whose agent currently owns the trial (0 before start). */
  @Column('integer') attempt!: number;
  @Column('text', { name: 'lease_token' }) leaseToken!: string;
  @Column('text', { name: 'agent_id', nullable: true }) agentId!: string | null;
  /** Last reported value of the sweep's metric. */
  @Column('double precision', { nullable: true }) objective!: number | null;
  @Column('integer', { name: 'objective_step', nullable: true }) objectiveStep!: number | null;
  @Column('uuid', { name: 'parent_trial_id', nullable: true }) parentTrialId!: string | null;
  @Column('integer', { name: 'restore_step', nullable: true }) restoreStep!: number | null;
  @Column('text', { nullable: true }) error!: string | null;
  @Column('text', { name: 'log_tail', nullable: true }) logTail!: string | null;
  /** Whether the searcher has been told this trial's outcome (set in the scheduler's transaction). */
  @Column('boolean', { name: 'told_searcher' }) toldSearcher!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
  @Column('timestamptz', { name: 'heartbeat_at', nullable: true }) heartbeatAt!: Date | null;
}
