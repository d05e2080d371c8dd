import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Messages written in the same transaction as the state they announce and published after
 * commit, so a crash between the two can delay a message but never lose it.
 */
@Entity('outbox')
export class OutboxMessage {
  // bigint ids arrive as strings from pg; they are only compared and echoed, never added.
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text') subject!: string;
  @Column('text', { name: 'msg_id' }) msgId!: string;
  @Column('jsonb') payload!: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
}
