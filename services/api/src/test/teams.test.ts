import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { authenticate } from '../auth/authenticate.js';
import { startHarness, type Harness } from './harness.js';

type GqlResult = Awaited<ReturnType<Harness['gql']>>;

const ADD = 'mutation($i: AddMemberInput!) { addMember(input: $i) { email name role joinedAt } }';
const SET_ROLE = 'mutation($i: SetMemberRoleInput!) { setMemberRole(input: $i) { email role } }';
const REMOVE = 'mutation($i: RemoveMemberInput!) { removeMember(input: $i) }';
const CREATE_KEY = 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id name kind role pools prefix createdBy revokedAt } } }';
const REVOKE = 'mutation($k: String!) { revokeApiKey(idOrKey: $k) { id revokedAt } }';

const code = (r: GqlResult): unknown => r.errors?.[0]?.extensions?.code;
const message = (r: GqlResult): string => r.errors?.[0]?.message ?? '';

describe('teams and keys without SQL', () => {
  let h: Harness;
  let org: string;
  before(async () => {
    h = await startHarness({ scheduler: false, ingest: false });
    org = h.organizationId;
  });
  after(async () => { await h?.close(); });

  /** Data of a call that must succeed. */
  async function ok<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, key: string | null = h.key): Promise<T> {
    const res = await h.gql<T>(query, variables, key);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return res.data!;
  }
  const createKey = (input: Record<string, unknown>, key = h.key) =>
    ok<{ createApiKey: { key: string; apiKey: { id: string; role: string | null; kind: string; pools: string[]; createdBy: string | null } } }>(CREATE_KEY, { i: input }, key)
      .then((d) => d.createApiKey);

  test('createOrganization makes the caller its owner; names are unique; organizations lists roles', async () => {
    const viewer = await h.addUser('viewer', org);
    const created = await ok<{ createOrganization: { id: string; name: string; role: string } }>(
      'mutation { createOrganization(name: "acme") { id name role } }', {}, viewer.key);
    assert.equal(created.createOrganization.role, 'OWNER');
    const mine = await ok<{ organizations: Array<{ name: string; role: string }> }>('{ organizations { name role } }', {}, viewer.key);
    assert.deepEqual(mine.organizations.map((o) => `${o.name}:${o.role}`).sort(), ['acme:OWNER', 'default:VIEWER']);
    const again = await h.gql('mutation { createOrganization(name: "acme") { id } }');
    assert.equal(code(again), 'CONFLICT');
    assert.match(message(again), /an organization named 'acme' already exists/);
    // Two organizations now: operations that default to "your only one" ask which.
    const which = await h.gql('mutation { createProject(input: {name: "p"}) { id } }', {}, viewer.key);
    assert.equal(code(which), 'BAD_USER_INPUT');
    assert.match(message(which), /several organizations: give input.organizationId/);
    const members = await h.gql('{ members { email } }', {}, viewer.key);
    assert.equal(code(members), 'BAD_USER_INPUT');
    assert.match(message(members), /give organizationId/);
    const own = await ok<{ members: Array<{ role: string }> }>('query($o: ID) { members(organizationId: $o) { role } }', { o: created.createOrganization.id }, viewer.key);
    assert.deepEqual(own.members.map((m) => m.role), ['OWNER']);
  });

  test('addMember creates the user by email; the last owner can be neither removed nor demoted', async () => {
    const founder = await h.addUser('viewer', org);
    const { createOrganization: team } = await ok<{ createOrganization: { id: string } }>('mutation { createOrganization(name: "lab") { id } }', {}, founder.key);
    const founderEmail = (await h.ds.query(`SELECT u.email FROM app_user u JOIN membership m ON m.user_id = u.id WHERE m.organization_id = $1`, [team.id]))[0].email as string;
    const added = await ok<{ addMember: { email: string; name: string; role: string } }>(ADD, { i: { organizationId: team.id, email: ' Ada@Example.com ', role: 'ADMIN' } }, founder.key);
    assert.deepEqual({ ...added.addMember, joinedAt: undefined }, { email: 'ada@example.com', name: 'ada', role: 'ADMIN', joinedAt: undefined });
    assert.equal((await h.ds.query(`SELECT count(*)::int AS n FROM app_user WHERE email = 'ada@example.com'`))[0].n, 1);
    const twice = await h.gql(ADD, { i: { organizationId: team.id, email: 'ada@example.com', role: 'MEMBER' } }, founder.key);
    assert.equal(code(twice), 'CONFLICT');
    const list = await ok<{ members: Array<{ email: string; role: string }> }>('query($o: ID) { members(organizationId: $o) { email role } }', { o: team.id }, founder.key);
    assert.deepEqual(list.members.map((m) => m.role), ['OWNER', 'ADMIN']);

    const leave = await h.gql(REMOVE, { i: { organizationId: team.id, email: founderEmail } }, founder.key);
    assert.equal(code(leave), 'CONFLICT');
    assert.match(message(leave), /last owner of this organization and cannot be removed/);
    const demote = await h.gql(SET_ROLE, { i: { organizationId: team.id, email: founderEmail, role: 'ADMIN' } }, founder.key);
    assert.equal(code(demote), 'CONFLICT');
    assert.match(message(demote), /last owner of this organization and cannot be demoted/);

    // With a second owner the first may step down; then the second is the last one.
    await ok(SET_ROLE, { i: { organizationId: team.id, email: 'ada@example.com', role: 'OWNER' } }, founder.key);
    const stepped = await ok<{ setMemberRole: { role: string } }>(SET_ROLE, { i: { organizationId: team.id, email: founderEmail, role: 'ADMIN' } }, founder.key);
    assert.equal(stepped.setMemberRole.role, 'ADMIN');
    const adaLeaves = await h.gql(REMOVE, { i: { organizationId: team.id, email: 'ada@example.com' } }, founder.key);
    assert.equal(code(adaLeaves), 'FORBIDDEN', 'an admin now, the founder cannot remove the owner');
    const nobody = await h.gql(REMOVE, { i: { organizationId: team.id, email: 'nobody@example.com' } }, founder.key);
    assert.equal(code(nobody), 'NOT_FOUND');
  });

  test('an admin manages admins, members and viewers, never owners', async () => {
    const admin = await h.addUser('admin', org);
    const addOwner = await h.gql(ADD, { i: { organizationId: org, email: 'boss@example.com', role: 'OWNER' } }, admin.key);
    assert.equal(code(addOwner), 'FORBIDDEN');
    assert.match(message(addOwner), /only an owner can add an owner/);
    await ok(ADD, { i: { organizationId: org, email: 'grace@example.com', role: 'MEMBER' } }, admin.key);
    const promote = await h.gql(SET_ROLE, { i: { organizationId: org, email: 'grace@example.com', role: 'OWNER' } }, admin.key);
    assert.equal(code(promote), 'FORBIDDEN');
    const toAdmin = await ok<{ setMemberRole: { role: string } }>(SET_ROLE, { i: { organizationId: org, email: 'grace@example.com', role: 'ADMIN' } }, admin.key);
    assert.equal(toAdmin.setMemberRole.role, 'ADMIN');
    const demoteOwner = await h.gql(SET_ROLE, { i: { organizationId: org, email: 'admin@localhost', role: 'MEMBER' } }, admin.key);
    assert.equal(code(demoteOwner), 'FORBIDDEN');
    const removeOwner = await h.gql(REMOVE, { i: { organizationId: org, email: 'admin@localhost' } }, admin.key);
    assert.equal(code(removeOwner), 'FORBIDDEN');
    assert.equal((await ok<{ removeMember: boolean }>(REMOVE, { i: { organizationId: org, email: 'grace@example.com' } }, admin.key)).removeMember, true);
    const member = await h.addUser('member', org);
    const byMember = await h.gql(ADD, { i: { organizationId: org, email: 'x@example.com', role: 'VIEWER' } }, member.key);
    assert.equal(code(byMember), 'FORBIDDEN');
    assert.match(message(byMember), /your role \(member\) in this organization cannot add members; that needs admin or above/);
  });

  test('a key has at most its creator\'s role; agent tokens are for admins and need pools', async () => {
    const member = await h.addUser('member', org);
    const own = await createKey({ name: 'laptop', role: 'MEMBER' }, member.key);
    assert.equal(own.apiKey.role, 'MEMBER');
    assert.equal(own.apiKey.kind, 'USER');
    assert.match(own.key, /^ank_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const above = await h.gql(CREATE_KEY, { i: { name: 'x', role: 'ADMIN' } }, member.key);
    assert.equal(code(above), 'FORBIDDEN');
    assert.match(message(above), /at most your own role in the organization \(member\)/);
    const agentByMember = await h.gql(CREATE_KEY, { i: { name: 'x', role: 'AGENT', pools: ['gpu'] } }, member.key);
    assert.equal(code(agentByMember), 'FORBIDDEN');
    assert.match(message(agentByMember), /cannot create agent tokens; that needs admin or above/);

    const admin = await h.addUser('admin', org);
    assert.equal(code(await h.gql(CREATE_KEY, { i: { name: 'x', role: 'OWNER' } }, admin.key)), 'FORBIDDEN');
    const agent = await createKey({ name: 'rack', role: 'AGENT', pools: ['gpu', 'cpu', 'gpu'] }, admin.key);
    assert.deepEqual({ kind: agent.apiKey.kind, role: agent.apiKey.role, pools: agent.apiKey.pools }, { kind: 'AGENT', role: null, pools: ['gpu', 'cpu'] });
    const viewer = await authenticate(h.ds, `Bearer ${agent.key}`);
    assert.deepEqual(viewer?.kind === 'agent' && { org: viewer.organizationId, pools: viewer.pools }, { org, pools: ['gpu', 'cpu'] });

    // The creator's role caps the key, and the key's role caps the creator.
    const narrow = await createKey({ name: 'read-only', role: 'VIEWER' });
    const write = await h.gql('mutation { createProject(input: {name: "nope"}) { id } }', {}, narrow.key);
    assert.equal(code(write), 'FORBIDDEN');
    assert.match(message(write), /your role \(viewer\)/);
    assert.equal(code(await h.gql(CREATE_KEY, { i: { name: 'y', role: 'MEMBER' } }, narrow.key)), 'FORBIDDEN');
    const scopedAdmin = await createKey({ name: 'ops', role: 'ADMIN' }, admin.key);
    const adminUser = (await h.ds.query(`SELECT u.email FROM api_key k JOIN app_user u ON u.id = k.user_id WHERE k.id = $1`, [scopedAdmin.apiKey.id]))[0].email as string;
    await ok(SET_ROLE, { i: { email: adminUser, role: 'VIEWER' } });
    assert.equal(code(await h.gql('mutation { createProject(input: {name: "demoted"}) { id } }', {}, scopedAdmin.key)), 'FORBIDDEN', 'demoted user: the key acts as a viewer');
    await ok(REMOVE, { i: { email: adminUser } });
    const { data } = await h.gql<{ projects: unknown[]; organizations: unknown[] }>('{ projects { id } organizations { id } }', {}, scopedAdmin.key);
    assert.deepEqual(data, { projects: [], organizations: [] }, 'a removed user\'s key acts in no organization');
    assert.equal(code(await h.gql('{ members { email } }', {}, scopedAdmin.key)), 'NOT_FOUND');
  });

  test('a new member gets their first key from an admin, acting as them with at most their role', async () => {
    const admin = await h.addUser('admin', org);
    await ok(ADD, { i: { email: 'newbie@example.com', role: 'VIEWER' } }, admin.key);
    const first = await createKey({ name: 'first', role: 'MEMBER', email: 'Newbie@example.com' }, admin.key);
    const who = await ok<{ apiKeys: Array<{ id: string; userEmail: string; createdBy: string }> }>('{ apiKeys { id userEmail createdBy } }', {}, first.key);
    assert.deepEqual(who.apiKeys.map((k) => [k.id, k.userEmail, k.createdBy.endsWith('@test')]), [[first.apiKey.id, 'newbie@example.com', true]]);
    const roles = await ok<{ organizations: Array<{ role: string }> }>('{ organizations { role } }', {}, first.key);
    assert.deepEqual(roles.organizations.map((o) => o.role), ['VIEWER'], 'a member key of a viewer acts as a viewer');
    const member = await h.addUser('member', org);
    assert.equal(code(await h.gql(CREATE_KEY, { i: { name: 'x', role: 'VIEWER', email: 'newbie@example.com' } }, member.key)), 'FORBIDDEN');
    const forOwner = await h.gql(CREATE_KEY, { i: { name: 'x', role: 'VIEWER', email: 'admin@localhost' } }, admin.key);
    assert.equal(code(forOwner), 'FORBIDDEN');
    assert.match(message(forOwner), /only an owner can make keys for an owner/);
    assert.equal(code(await h.gql(CREATE_KEY, { i: { name: 'x', role: 'VIEWER', email: 'stranger@example.com' } }, admin.key)), 'NOT_FOUND');
    const agentFor = await h.gql(CREATE_KEY, { i: { name: 'x', role: 'AGENT', pools: ['gpu'], email: 'newbie@example.com' } }, admin.key);
    assert.equal(code(agentFor), 'BAD_USER_INPUT');
  });

  test('revoking works by id and by key, is idempotent, and a revoked key is UNAUTHENTICATED', async () => {
    const byId = await createKey({ name: 'one', role: 'MEMBER' });
    assert.equal(code(await h.gql('{ projects { id } }', {}, byId.key)), undefined);
    const first = await ok<{ revokeApiKey: { revokedAt: string } }>(REVOKE, { k: byId.apiKey.id });
    assert.ok(first.revokeApiKey.revokedAt);
    const revoked = await h.gql('{ projects { id } }', {}, byId.key);
    assert.equal(code(revoked), 'UNAUTHENTICATED');
    const again = await ok<{ revokeApiKey: { revokedAt: string } }>(REVOKE, { k: byId.apiKey.id });
    assert.equal(again.revokeApiKey.revokedAt, first.revokeApiKey.revokedAt, 'revoking twice keeps the first time');

    const byKey = await createKey({ name: 'two', role: 'VIEWER' });
    const wrongSecret = await h.gql(REVOKE, { k: `${byKey.key.slice(0, -4)}AAAA` });
    assert.equal(code(wrongSecret), 'NOT_FOUND');
    assert.ok(!message(wrongSecret).includes(byKey.key.slice(17)), 'the error does not echo the secret');
    await ok(REVOKE, { k: byKey.key });
    assert.equal(code(await h.gql('{ health projects { id } }', {}, byKey.key)), 'UNAUTHENTICATED');

    // Anyone may revoke their own key, with that very key; not someone else's below admin.
    const viewer = await h.addUser('viewer', org);
    await ok(REVOKE, { k: viewer.key }, viewer.key);
    assert.equal(code(await h.gql('{ projects { id } }', {}, viewer.key)), 'UNAUTHENTICATED');
    const member = await h.addUser('member', org);
    const others = await createKey({ name: 'owners', role: 'VIEWER' });
    const notYours = await h.gql(REVOKE, { k: others.apiKey.id }, member.key);
    assert.equal(code(notYours), 'FORBIDDEN');
    assert.equal(code(await h.gql(REVOKE, { k: 'ank_short' })), 'BAD_USER_INPUT');
  });

  test('apiKeys: admins see every key of the organization, others only their own', async () => {
    const member = await h.addUser('member', org);
    const mine = await createKey({ name: 'member-key', role: 'VIEWER' }, member.key);
    await createKey({ name: 'owner-key', role: 'VIEWER' });
    const list = (key: string) => ok<{ apiKeys: Array<{ id: string; name: string }> }>('{ apiKeys { id name } }', {}, key).then((d) => d.apiKeys.map((k) => k.name));
    const seenByMember = await list(member.key);
    assert.ok(seenByMember.includes('member-key') && !seenByMember.includes('owner-key'), seenByMember.join());
    assert.ok(seenByMember.includes('test'), 'their personal key too');
    const seenByOwner = await list(h.key);
    assert.ok(seenByOwner.includes('member-key') && seenByOwner.includes('owner-key'), seenByOwner.join());
    const created = (await ok<{ apiKeys: Array<{ id: string; createdBy: string | null }> }>('{ apiKeys { id createdBy } }')).apiKeys.find((k) => k.id === mine.apiKey.id);
    assert.match(created?.createdBy ?? '', /@test$/);
  });

  test('last_used_at is recorded at most once a minute, and a failure to record it does not fail the request', async () => {
    const k = await createKey({ name: 'usage', role: 'VIEWER' });
    const lastUsed = async (): Promise<Date | null> => (await h.ds.query(`SELECT last_used_at FROM api_key WHERE id = $1`, [k.apiKey.id]))[0].last_used_at;
    assert.equal(await lastUsed(), null);
    await ok('{ projects { id } }', {}, k.key);
    assert.ok(await lastUsed());
    await h.ds.query(`UPDATE api_key SET last_used_at = now() - interval '30 seconds' WHERE id = $1`, [k.apiKey.id]);
    const recent = await lastUsed();
    await ok('{ projects { id } }', {}, k.key);
    assert.deepEqual(await lastUsed(), recent, 'within a minute nothing is written');
    await h.ds.query(`UPDATE api_key SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [k.apiKey.id]);
    const old = await lastUsed();
    await ok('{ projects { id } }', {}, k.key);
    assert.ok((await lastUsed())!.getTime() > old!.getTime());

    // A database that refuses the write (here a trigger) must not cost the caller their request.
    await h.ds.query(`CREATE FUNCTION refuse_usage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'read only'; END $$`);
    await h.ds.query(`CREATE TRIGGER refuse_usage BEFORE UPDATE OF last_used_at ON api_key FOR EACH ROW EXECUTE FUNCTION refuse_usage()`);
    try {
      await h.ds.query(`ALTER TABLE api_key DISABLE TRIGGER refuse_usage`);
      await h.ds.query(`UPDATE api_key SET last_used_at = NULL WHERE id = $1`, [k.apiKey.id]);
      await h.ds.query(`ALTER TABLE api_key ENABLE TRIGGER refuse_usage`);
      await ok('{ projects { id } }', {}, k.key);
      assert.equal(await lastUsed(), null);
    } finally {
      await h.ds.query(`DROP TRIGGER refuse_usage ON api_key; DROP FUNCTION refuse_usage()`);
    }
  });

  test('an agent token fetches agent config for its organization and nothing else', async () => {
    const token = (await createKey({ name: 'agents', role: 'AGENT', pools: ['default'] })).key;
    const config = await ok<{ agentConfig: { organizationId: string } }>('{ agentConfig { organizationId } }', {}, token);
    assert.equal(config.agentConfig.organizationId, org);
    for (const q of ['{ projects { id } }', 'mutation { createProject(input: {name: "by-agent"}) { id } }']) {
      const res = await h.gql(q, {}, token);
      assert.equal(code(res), 'FORBIDDEN', q);
      assert.match(message(res), /agent tokens only fetch agent config/);
    }
  });

  test('introspection needs a key; health does not', async () => {
    for (const q of ['{ __schema { queryType { name } } }', '{ __type(name: "Query") { name } }', 'query Q { ...F } fragment F on Query { __schema { types { name } } }']) {
      const anonymous = await h.gql(q, {}, null);
      assert.equal(code(anonymous), 'UNAUTHENTICATED', q);
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.data, undefined);
      assert.equal((await h.gql(q)).errors, undefined, `${q} with a key`);
    }
    assert.deepEqual((await h.gql('{ health __typename }', {}, null)).data, { health: 'ok', __typename: 'Query' });
  });

  test('bad input is refused with the path and what to change', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      [ADD, { i: { email: 'not-an-email', role: 'MEMBER' } }, /email: must be an email address/],
      [ADD, { i: { email: 'a@example.com', role: 'BOSS' } }, /"BOSS" does not exist in "Role" enum/],
      [CREATE_KEY, { i: { name: 'a', role: 'AGENT' } }, /pools: an agent token needs at least one pool/],
      [CREATE_KEY, { i: { name: 'a', role: 'AGENT', pools: [] } }, /pools: an agent token needs at least one pool/],
      [CREATE_KEY, { i: { name: 'a', role: 'AGENT', pools: ['gpu pool!'] } }, /pools.0: must be 1-64 letters, digits, "_" or "-"/],
      [CREATE_KEY, { i: { name: 'a', role: 'MEMBER', pools: ['gpu'] } }, /pools: only agent tokens have pools/],
      [CREATE_KEY, { i: { name: '  ', role: 'MEMBER' } }, /name: must not be empty/],
      [CREATE_KEY, { i: { name: 'a', role: 'ROOT' } }, /"ROOT" does not exist in "ApiKeyRole" enum/],
      [REVOKE, { k: 'garbage' }, /give a key id \(a UUID, see apiKeys\) or a whole key/],
      ['mutation($n: String!) { createOrganization(name: $n) { id } }', { n: '  ' }, /name: must not be empty/],
    ];
    for (const [query, variables, expected] of cases) {
      const res = await h.gql(query, variables);
      assert.equal(code(res), 'BAD_USER_INPUT', `${JSON.stringify(variables)}: ${message(res)}`);
      assert.match(message(res), expected);
    }
    assert.equal((await h.ds.query(`SELECT count(*)::int AS n FROM app_user WHERE email = 'not-an-email'`))[0].n, 0);
  });
});
