import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('trial_log')
export class TrialLog {
  @PrimaryColumn('uuid', { name: 'trial_id' }) trialId!: string;
  @PrimaryColumn('integer') attempt!: number;
  @PrimaryColumn('integer') seq!: number;
  @Column('text', { array: true }) lines!: string[];
}
