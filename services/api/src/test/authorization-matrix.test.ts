import { createClient } from 'graphql-ws';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { buildApiSchema, operationsOf } from '../schema/build.js';
import { startHarness, type Harness } from './harness.js';

/**
 * Every GraphQL operation, tried as every kind of caller. The expectations are written here
 * from the spec, not read from auth/policy.ts, so a wrong row in the policy fails; and the list
 * of operations comes from the built schema, so an operation added without a row fails too.
 */

const ACTORS = ['owner', 'admin', 'member', 'viewer', 'agent', 'foreign', 'revoked', 'none'] as const;
type Actor = (typeof ACTORS)[number];
type Outcome = 'OK' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHENTICATED';
const RANKS = ['viewer', 'member', 'admin', 'owner'] as const;

interface Case {
  query: string;
  /** Variables for one attempt; may create what the attempt consumes (a sweep to stop, ...). */
  vars?: (actor: Actor) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** `open`: no key needed; `user`: any user key; `agent`: agent tokens only; else the least role in the organization. */
  min: 'open' | 'user' | 'agent' | (typeof RANKS)[number];
  /** Whether an agent token may call it. */
  agent?: boolean;
  /** What a user of another organization gets: their own (empty) view, or NOT_FOUND for our ids. */
  foreign: 'OK' | 'NOT_FOUND';
}

function expected(c: Case, actor: Actor): Outcome {
  if (c.min === 'open') return 'OK';
  if (actor === 'none' || actor === 'revoked') return 'UNAUTHENTICATED';
  if (actor === 'agent') return c.agent || c.min === 'agent' ? 'OK' : 'FORBIDDEN';
  if (c.min === 'agent') return 'FORBIDDEN';
  if (actor === 'foreign') return c.foreign;
  if (c.min === 'user') return 'OK';
  return RANKS.indexOf(actor) >= RANKS.indexOf(c.min) ? 'OK' : 'FORBIDDEN';
}

const PASSWORD_USER = 'with-password@example.com';
const PASSWORD = 'correct horse battery';

const GRID = `
method: grid
metric: { name: loss, goal: minimize }
parameters:
  lr: { values: [0.1, 0.01] }
command: [node, -e, "process.exit(0)"]
`;

describe('authorization of every operation', () => {
  let h: Harness;
  const keys = {} as Record<Actor, string | null>;
  let org = '';
  let projectId = '';
  let sweepId = '';
  let trialId = '';
  let n = 0;
  const unique = (label: string) => `${label}-${++n}`;
  const asOwner = async <T>(query: string, variables: Record<string, unknown> = {}, key = h.key): Promise<T> => {
    const res = await h.gql<T>(query, variables, key);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return res.data!;
  };
  const newSweep = async (): Promise<string> =>
    (await asOwner<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId, config: GRID } })).createSweep.id;
  const newMember = async (): Promise<string> => {
    const email = `${unique('target')}@example.com`;
    await asOwner('mutation($i: AddMemberInput!) { addMember(input: $i) { email } }', { i: { organizationId: org, email, role: 'MEMBER' } });
    return email;
  };
  const inviteToken = async (email: string): Promise<string> =>
    (await asOwner<{ createInvite: { token: string } }>('mutation($i: CreateInviteInput!) { createInvite(input: $i) { token } }',
      { i: { organizationId: org, email } })).createInvite.token;
  /** A key of someone else than `actor`: the admin's for the owner, the owner's for everyone else. */
  const othersKeyId = async (actor: Actor): Promise<string> =>
    (await asOwner<{ createApiKey: { apiKey: { id: string } } }>('mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } } }',
      { i: { name: 'target', role: 'VIEWER', organizationId: org } }, actor === 'owner' ? keys.admin! : h.key)).createApiKey.apiKey.id;

  before(async () => {
    h = await startHarness({ scheduler: false, ingest: false });
    org = h.organizationId;
    keys.owner = h.key;
    keys.admin = (await h.addUser('admin', org)).key;
    keys.member = (await h.addUser('member', org)).key;
    keys.viewer = (await h.addUser('viewer', org)).key;
    keys.foreign = (await h.addUser('owner')).key;
    keys.none = null;
    keys.agent = (await asOwner<{ createApiKey: { key: string } }>('mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key } }',
      { i: { name: 'agents', role: 'AGENT', pools: ['default'] } })).createApiKey.key;
    const revoked = await asOwner<{ createApiKey: { key: string; apiKey: { id: string } } }>(
      'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id } } }', { i: { name: 'gone', role: 'MEMBER' } });
    await asOwner('mutation($k: String!) { revokeApiKey(idOrKey: $k) { revokedAt } }', { k: revoked.createApiKey.apiKey.id });
    keys.revoked = revoked.createApiKey.key;
    await asOwner('mutation($i: AddMemberInput!) { addMember(input: $i) { email } }', { i: { organizationId: org, email: PASSWORD_USER, role: 'VIEWER' } });
    await asOwner('mutation($i: AcceptInviteInput!) { acceptInvite(input: $i) { token } }', { i: { token: await inviteToken(PASSWORD_USER), password: PASSWORD } });
    projectId = (await asOwner<{ createProject: { id: string } }>('mutation { createProject(input: {name: "matrix"}) { id } }')).createProject.id;
    sweepId = await newSweep();
    trialId = randomUUID();
    await h.ds.query(`INSERT INTO trial (id, sweep_id, number, status, params, lease_token) VALUES ($1, $2, 0, 'QUEUED', '{}', 'x')`, [trialId, sweepId]);
  });
  after(async () => { await h?.close(); });

  const cases: Record<string, Case> = {
    health: { query: '{ health }', min: 'open', foreign: 'OK' },
    // It hands out NATS credentials for a token's pools, so user keys are refused.
    agentConfig: { query: '{ agentConfig { organizationId } }', min: 'agent', foreign: 'OK' },
    projects: { query: '{ projects { id } }', min: 'viewer', foreign: 'OK' },
    validateSweepConfig: { query: 'query($c: String!) { validateSweepConfig(config: $c) { ok } }', vars: () => ({ c: GRID }), min: 'user', foreign: 'OK' },
    project: { query: 'query($id: ID!) { project(id: $id) { id } }', vars: () => ({ id: projectId }), min: 'viewer', foreign: 'NOT_FOUND' },
    sweep: { query: 'query($id: ID!) { sweep(id: $id) { id } }', vars: () => ({ id: sweepId }), min: 'viewer', foreign: 'NOT_FOUND' },
    trial: { query: 'query($id: ID!) { trial(id: $id) { id } }', vars: () => ({ id: trialId }), min: 'viewer', foreign: 'NOT_FOUND' },
    agents: { query: '{ agents { id } }', min: 'viewer', foreign: 'OK' },
    organizations: { query: '{ organizations { id role } }', min: 'user', foreign: 'OK' },
    members: { query: 'query($o: ID) { members(organizationId: $o) { email } }', vars: () => ({ o: org }), min: 'viewer', foreign: 'NOT_FOUND' },
    apiKeys: { query: 'query($o: ID) { apiKeys(organizationId: $o) { id } }', vars: () => ({ o: org }), min: 'viewer', foreign: 'NOT_FOUND' },
    createProject: {
      query: 'mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }',
      vars: (a) => ({ i: { name: unique(a), organizationId: org } }), min: 'member', foreign: 'NOT_FOUND',
    },
    createSweep: {
      query: 'mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }',
      vars: () => ({ i: { projectId, config: GRID } }), min: 'member', foreign: 'NOT_FOUND',
    },
    stopSweep: { query: 'mutation($id: ID!) { stopSweep(id: $id) { id } }', vars: async () => ({ id: await newSweep() }), min: 'member', foreign: 'NOT_FOUND' },
    stopTrial: {
      query: 'mutation($id: ID!) { stopTrial(id: $id) { status } }',
      vars: async () => {
        const id = randomUUID();
        await h.ds.query(`INSERT INTO trial (id, sweep_id, number, status, params, lease_token) VALUES ($1, $2, $3, 'QUEUED', '{}', 'x')`, [id, sweepId, ++n + 1000]);
        return { id };
      },
      min: 'member', foreign: 'NOT_FOUND',
    },
    updateSweep: {
      query: 'mutation($id: ID!) { updateSweep(id: $id, input: {maxConcurrent: 2}) { maxConcurrent } }', vars: async () => ({ id: await newSweep() }),
      min: 'member', foreign: 'NOT_FOUND',
    },
    annotateSweep: {
      query: 'mutation($id: ID!) { annotateSweep(id: $id, input: {tags: ["x"]}) { tags } }', vars: () => ({ id: sweepId }), min: 'member', foreign: 'NOT_FOUND',
    },
    annotateTrial: {
      query: 'mutation($id: ID!) { annotateTrial(id: $id, input: {notes: "n"}) { notes } }', vars: () => ({ id: trialId }), min: 'member', foreign: 'NOT_FOUND',
    },
    pauseSweep: { query: 'mutation($id: ID!) { pauseSweep(id: $id) { id } }', vars: async () => ({ id: await newSweep() }), min: 'member', foreign: 'NOT_FOUND' },
    resumeSweep: {
      query: 'mutation($id: ID!) { resumeSweep(id: $id) { id } }',
      vars: async () => {
        const id = await newSweep();
        await asOwner('mutation($id: ID!) { pauseSweep(id: $id) { id } }', { id });
        return { id };
      },
      min: 'member', foreign: 'NOT_FOUND',
    },
    createOrganization: { query: 'mutation($n: String!) { createOrganization(name: $n) { id } }', vars: (a) => ({ n: unique(a) }), min: 'user', foreign: 'OK' },
    addMember: {
      query: 'mutation($i: AddMemberInput!) { addMember(input: $i) { email } }',
      vars: (a) => ({ i: { organizationId: org, email: `${unique(a)}@example.com`, role: 'MEMBER' } }), min: 'admin', foreign: 'NOT_FOUND',
    },
    removeMember: {
      query: 'mutation($i: RemoveMemberInput!) { removeMember(input: $i) }',
      vars: async () => ({ i: { organizationId: org, email: await newMember() } }), min: 'admin', foreign: 'NOT_FOUND',
    },
    setMemberRole: {
      query: 'mutation($i: SetMemberRoleInput!) { setMemberRole(input: $i) { role } }',
      vars: async () => ({ i: { organizationId: org, email: await newMember(), role: 'VIEWER' } }), min: 'admin', foreign: 'NOT_FOUND',
    },
    createApiKey: {
      query: 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key } }',
      vars: () => ({ i: { name: 'k', role: 'VIEWER', organizationId: org } }), min: 'member', foreign: 'NOT_FOUND',
    },
    me: { query: '{ me { email } }', min: 'user', foreign: 'OK' },
    signIn: { query: 'mutation($i: SignInInput!) { signIn(input: $i) { token } }', vars: () => ({ i: { email: PASSWORD_USER, password: PASSWORD } }), min: 'open', foreign: 'OK' },
    signOut: { query: 'mutation { signOut }', min: 'user', foreign: 'OK' },
    changePassword: {
      query: 'mutation($i: ChangePasswordInput!) { changePassword(input: $i) }', vars: () => ({ i: { newPassword: PASSWORD } }), min: 'user', foreign: 'OK',
    },
    createInvite: {
      query: 'mutation($i: CreateInviteInput!) { createInvite(input: $i) { token } }',
      vars: async () => ({ i: { organizationId: org, email: await newMember() } }), min: 'admin', foreign: 'NOT_FOUND',
    },
    acceptInvite: {
      query: 'mutation($i: AcceptInviteInput!) { acceptInvite(input: $i) { token } }',
      vars: async () => ({ i: { token: await inviteToken(await newMember()), password: PASSWORD } }), min: 'open', foreign: 'OK',
    },
    // Someone else's key: admins and owners only. Revoking your own is tested in teams.test.ts.
    revokeApiKey: {
      query: 'mutation($k: String!) { revokeApiKey(idOrKey: $k) { revokedAt } }',
      vars: async (a) => ({ k: await othersKeyId(a) }), min: 'admin', foreign: 'NOT_FOUND',
    },
  };

  test('every Query and Mutation field has a row here', async () => {
    const schema = await buildApiSchema();
    const fields = [schema.getQueryType(), schema.getMutationType()].flatMap((t) => Object.keys(t!.getFields()));
    assert.deepEqual(fields.filter((f) => !(f in cases)), [], 'operations without a row in this test');
    assert.deepEqual(Object.keys(cases).filter((f) => !fields.includes(f)), [], 'rows for operations that are gone');
  });

  test('each caller gets exactly the outcome the rules give', async () => {
    const wrong: string[] = [];
    for (const [op, c] of Object.entries(cases)) {
      for (const actor of ACTORS) {
        const want = expected(c, actor);
        const res = await h.gql<Record<string, unknown>>(c.query, (await c.vars?.(actor)) ?? {}, keys[actor]);
        const err = res.errors?.[0];
        const got = err ? String(err.extensions?.code) : res.data?.[op] !== undefined && res.data?.[op] !== null ? 'OK' : 'NO_DATA';
        if (got !== want) wrong.push(`${op} as ${actor}: expected ${want}, got ${got}${err ? ` (${err.message})` : ''}`);
        if (actor === 'agent' && got === 'FORBIDDEN') assert.match(err!.message, /agent tokens only fetch agent config/);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('subscriptions go through the same rules', async () => {
    const schema = await buildApiSchema();
    const subscriptions: Record<string, { query: string; publish: () => void; foreign: 'NOT_FOUND' }> = {
      sweepUpdated: {
        query: `subscription { sweepUpdated(sweepId: "${sweepId}") { id } }`,
        publish: () => h.nc.publish(h.names.sweepEventsSubject(sweepId), JSON.stringify({ type: 'sweep', sweepId })),
        foreign: 'NOT_FOUND',
      },
      trialUpdated: {
        query: `subscription { trialUpdated(sweepId: "${sweepId}") { id } }`,
        publish: () => h.nc.publish(h.names.sweepEventsSubject(sweepId), JSON.stringify({ type: 'trial', trialId, sweepId })),
        foreign: 'NOT_FOUND',
      },
      metricPoints: {
        query: `subscription { metricPoints(trialId: "${trialId}") { trialId } }`,
        publish: () => h.nc.publish(h.names.trialEventsSubject(trialId), JSON.stringify({ type: 'points', trialId, points: [] })),
        foreign: 'NOT_FOUND',
      },
    };
    assert.deepEqual(Object.keys(schema.getSubscriptionType()!.getFields()).sort(), Object.keys(subscriptions).sort());
    assert.deepEqual(operationsOf(schema).length, Object.keys(cases).length + Object.keys(subscriptions).length);
    const wrong: string[] = [];
    for (const [op, s] of Object.entries(subscriptions)) {
      for (const actor of ACTORS) {
        const want = expected({ query: s.query, min: 'viewer', foreign: s.foreign }, actor);
        const got = await subscribeOnce(h, keys[actor], s.query, s.publish);
        if (got !== want) wrong.push(`${op} as ${actor}: expected ${want}, got ${got}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});

/** OK once an event arrives; the error code when the server refuses; UNAUTHENTICATED when it closes the socket. */
async function subscribeOnce(h: Harness, key: string | null, query: string, publish: () => void): Promise<string> {
  const client = createClient({
    url: `${h.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<string>((resolve) => {
      client.subscribe<unknown>({ query }, {
        next: (m) => resolve(m.errors?.length ? String(m.errors[0]!.extensions?.code) : 'OK'),
        error: (e) => resolve(Array.isArray(e) ? String((e[0] as { extensions?: { code?: string } }).extensions?.code)
          : (e as { code?: number }).code === 4403 ? 'UNAUTHENTICATED' : `closed: ${String((e as { code?: number }).code ?? e)}`),
        complete: () => resolve('COMPLETED'),
      });
      // Live events are not persisted, so keep publishing until the subscription has started.
      timer = setInterval(publish, 50);
      setTimeout(() => resolve('TIMEOUT'), 5000);
    });
  } finally {
    clearInterval(timer);
    await client.dispose();
  }
}
