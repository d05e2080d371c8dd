import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Lifecycle changes and searcher decisions, with the evidence behind them. */
@Entity('trial_event')
export class TrialEvent {
  // bigint ids arrive as strings from pg; they are only compared and echoed, never added.
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'trial_id' }) trialId!: string;
  @Column('uuid', { name: 'sweep_id' }) sweepId!: string;
  @Column('text') type!: string;
  @Column('jsonb') data!: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
