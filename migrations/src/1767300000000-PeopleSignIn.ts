import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People sign in with an email and a password, not only with API keys. A password is set
 * through a one-time invite that an admin hands over (there is no mail server); signing in
 * opens a session, a bearer token like an API key but tied to the person's whole membership
 * and ending after a fixed time. Both tokens keep only a SHA-256 of their secret, as keys do.
 */
export class PeopleSignIn1767300000000 implements MigrationInterface {
  name = 'PeopleSignIn1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ADD COLUMN password_hash text NULL;
      CREATE TABLE user_session (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        prefix text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz NULL
      );
      CREATE INDEX user_session_user_idx ON user_session (user_id);
      CREATE TABLE invite (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        prefix text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        created_by uuid NULL REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL
      );
      CREATE INDEX invite_user_idx ON invite (user_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE invite; DROP TABLE user_session; ALTER TABLE app_user DROP COLUMN password_hash;`);
  }
}
