import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One point of one series; the key (trial, key, step) makes re-delivered telemetry harmless. */
@Entity('metric')
export class Metric {
  @PrimaryColumn('uuid', { name: 'trial_id' }) trialId!: string;
  @PrimaryColumn('text') key!: string;
  @PrimaryColumn('integer') step!: number;
  @Column('double precision') value!: number;
  @Column('timestamptz', { name: 'reported_at' }) reportedAt!: Date;
}
