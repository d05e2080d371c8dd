import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from './membership.js';

export const API_KEY_KINDS = ['user', 'agent'] as const;
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];

@Entity('api_key')
export class ApiKey {
  @PrimaryColumn('uuid') id!: string;
  /** The key's user; for an agent token, the user who created it. */
  @Column('uuid', { name: 'user_id' }) userId!: string;
  @Column('text') name!: string;
  /** Public, indexed part of the key, so lookup needs no scan over hashes. */
  @Column('text') prefix!: string;
  @Column('text', { name: 'secret_hash' }) secretHash!: string;
  @Column('text', { default: 'user' }) kind!: ApiKeyKind;
  /** Null: a personal key, acting in all its user's organizations. */
  @Column('uuid', { name: 'organization_id', nullable: true }) organizationId!: string | null;
  /** Ceiling of a scoped user key (the user's membership role still applies); null otherwise. */
  @Column('text', { nullable: true }) role!: Role | null;
  /** Agent tokens only: the pools their agents may take work from. */
  @Column('text', { array: true, nullable: true }) pools!: string[] | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
}
