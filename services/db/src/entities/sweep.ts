import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber } from './transformers.js';

export const SWEEP_STATUSES = ['PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'STOPPED', 'FAILED'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];
export const FINAL_SWEEP_STATUSES: readonly SweepStatus[] = ['COMPLETED', 'STOPPED', 'FAILED'];

@Entity('sweep')
export class Sweep {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'project_id' }) projectId!: string;
  @Column('text') name!: string;
  @Column('text') status!: SweepStatus;
  @Column('text') method!: string;
  /** The config exactly as the user wrote it (comments and order kept). */
  @Column('text', { name: 'config_text' }) configText!: string;
  @Column('jsonb') config!: Record<string, unknown>;
  @Column('text', { name: 'metric_name', nullable: true }) metricName!: string | null;
  @Column('text', { name: 'metric_goal', nullable: true }) metricGoal!: 'minimize' | 'maximize' | null;
  @Column('text') pool!: string;
  @Column('integer', { name: 'max_concurrent' }) maxConcurrent!: number;
  @Column('bigint', { transformer: bigintAsNumber }) seed!: number;
  @Column('jsonb', { name: 'searcher_state' }) searcherState!: unknown;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
}
