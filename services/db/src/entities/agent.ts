import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('agent')
export class AgentRecord {
  @PrimaryColumn('text') id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('text') host!: string;
  @Column('text') pool!: string;
  @Column('integer') slots!: number;
  @Column('jsonb') gpus!: unknown[];
  @Column('text') version!: string;
  @Column('timestamptz', { name: 'first_seen_at' }) firstSeenAt!: Date;
  @Column('timestamptz', { name: 'last_seen_at' }) lastSeenAt!: Date;
}
