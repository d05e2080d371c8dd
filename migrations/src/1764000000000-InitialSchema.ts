import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema. Status columns are text with CHECK constraints rather than Postgres enums
 * because adding a value to an enum cannot run inside a transaction on older servers.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE app_user (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE membership (
        organization_id uuid NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, user_id)
      );
      CREATE TABLE api_key (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        name text NOT NULL,
        prefix text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE TABLE project (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, name)
      );
      CREATE TABLE sweep (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES project(id) ON DELETE CASCADE,
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'STOPPED', 'FAILED')),
        method text NOT NULL,
        config_text text NOT NULL,
        config jsonb NOT NULL,
        metric_name text,
        metric_goal text CHECK (metric_goal IN ('minimize', 'maximize')),
        pool text NOT NULL,
        max_concurrent integer NOT NULL,
        seed bigint NOT NULL,
        searcher_state jsonb NOT NULL,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE INDEX sweep_project_idx ON sweep (project_id, created_at DESC);
      CREATE INDEX sweep_active_idx ON sweep (status) WHERE status IN ('PENDING', 'RUNNING');
      CREATE TABLE trial (
        id uuid PRIMARY KEY,
        sweep_id uuid NOT NULL REFERENCES sweep(id) ON DELETE CASCADE,
        number integer NOT NULL,
        status text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'PRUNED', 'FAILED')),
        params jsonb NOT NULL,
        attempt integer NOT NULL DEFAULT 0,
        lease_token text NOT NULL,
        agent_id text,
        objective double precision,
        objective_step integer,
        parent_trial_id uuid REFERENCES trial(id) ON DELETE SET NULL,
        restore_step integer,
        error text,
        log_tail text,
        told_searcher boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        heartbeat_at timestamptz,
        UNIQUE (sweep_id, number)
      );
      CREATE INDEX trial_sweep_status_idx ON trial (sweep_id, status);
      -- One index per direction, so the leaderboard of a maximized metric is an index scan too.
      CREATE INDEX trial_sweep_objective_idx ON trial (sweep_id, objective, number);
      CREATE INDEX trial_sweep_objective_desc_idx ON trial (sweep_id, objective DESC NULLS LAST, number);
      CREATE INDEX trial_untold_idx ON trial (sweep_id) WHERE NOT told_searcher AND status IN ('COMPLETED', 'PRUNED', 'FAILED');
      CREATE TABLE metric (
        trial_id uuid NOT NULL REFERENCES trial(id) ON DELETE CASCADE,
        key text NOT NULL,
        step integer NOT NULL,
        value double precision NOT NULL,
        reported_at timestamptz NOT NULL,
        PRIMARY KEY (trial_id, key, step)
      );
      CREATE TABLE trial_log (
        trial_id uuid NOT NULL REFERENCES trial(id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        seq integer NOT NULL,
        lines text[] NOT NULL,
        PRIMARY KEY (trial_id, attempt, seq)
      );
      CREATE TABLE trial_event (
        id bigserial PRIMARY KEY,
        trial_id uuid NOT NULL REFERENCES trial(id) ON DELETE CASCADE,
        sweep_id uuid NOT NULL REFERENCES sweep(id) ON DELETE CASCADE,
        type text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX trial_event_trial_idx ON trial_event (trial_id, id);
      CREATE INDEX trial_event_sweep_idx ON trial_event (sweep_id, id);
      CREATE TABLE agent (
        id text PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        host text NOT NULL,
        pool text NOT NULL,
        slots integer NOT NULL,
        gpus jsonb NOT NULL DEFAULT '[]',
        version text NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        subject text NOT NULL,
        msg_id text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      );
      CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE outbox; DROP TABLE agent; DROP TABLE trial_event; DROP TABLE trial_log;
      DROP TABLE metric; DROP TABLE trial; DROP TABLE sweep; DROP TABLE project;
      DROP TABLE api_key; DROP TABLE membership; DROP TABLE app_user; DROP TABLE organization;
    `);
  }
}
