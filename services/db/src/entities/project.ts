import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('project')
export class Project {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('text') name!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
