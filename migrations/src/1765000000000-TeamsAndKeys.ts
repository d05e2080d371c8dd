import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Teams without SQL: API keys get a kind (user key or agent token), an optional organization
 * scope with a role ceiling, pools for agent tokens and who created them. Existing keys become
 * "personal" user keys (no organization, no role): they keep acting as their user everywhere.
 * `organization.name` is already UNIQUE since the first migration, so nothing is added for it.
 */
export class TeamsAndKeys1765000000000 implements MigrationInterface {
  name = 'TeamsAndKeys1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE api_key
        ADD COLUMN kind text NOT NULL DEFAULT 'user' CHECK (kind IN ('user', 'agent')),
        ADD COLUMN organization_id uuid NULL REFERENCES organization(id) ON DELETE CASCADE,
        ADD COLUMN role text NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        ADD COLUMN pools text[] NULL,
        ADD COLUMN created_by uuid NULL REFERENCES app_user(id) ON DELETE SET NULL;
      -- The shapes authentication relies on: a user key is personal (no scope, no role) or scoped
      -- (both); an agent token is scoped, has no role and at least one pool.
      ALTER TABLE api_key ADD CONSTRAINT api_key_shape CHECK (
        (kind = 'user' AND pools IS NULL AND (organization_id IS NULL) = (role IS NULL))
        OR (kind = 'agent' AND organization_id IS NOT NULL AND role IS NULL AND pools IS NOT NULL AND cardinality(pools) >= 1)
      );
      CREATE INDEX api_key_organization_idx ON api_key (organization_id) WHERE organization_id IS NOT NULL;
      CREATE INDEX api_key_user_idx ON api_key (user_id);
      -- Authentication reads a user's memberships on every request.
      CREATE INDEX membership_user_idx ON membership (user_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Without the new columns a scoped key or an agent token would become a personal key with
    // its user's full roles everywhere, so they stop working before the columns go.
    await q.query(`
      UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE kind = 'agent' OR organization_id IS NOT NULL;
      DROP INDEX membership_user_idx;
      DROP INDEX api_key_user_idx;
      DROP INDEX api_key_organization_idx;
      ALTER TABLE api_key DROP CONSTRAINT api_key_shape;
      ALTER TABLE api_key DROP COLUMN created_by, DROP COLUMN pools, DROP COLUMN role, DROP COLUMN organization_id, DROP COLUMN kind;
    `);
  }
}
