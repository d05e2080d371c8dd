import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignInThrottle } from '../auth/sign-in-throttle.js';
import { startHarness, type Harness } from './harness.js';

/** People: invites, passwords and sessions against a real API and Postgres. */
describe('signing in with email and password', () => {
  let h: Harness;
  let n = 0;
  const PASSWORD = 'a long enough passphrase';
  const ok = async <T>(query: string, variables: Record<string, unknown> = {}, key: string | null = h.key): Promise<T> => {
    const res = await h.gql<T>(query, variables, key);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return res.data!;
  };
  const code = async (query: string, variables: Record<string, unknown>, key: string | null): Promise<{ code: string; message: string }> => {
    const res = await h.gql(query, variables, key);
    assert.ok(res.errors?.length, `expected an error, got ${JSON.stringify(res.data)}`);
    return { code: String(res.errors![0]!.extensions?.code), message: res.errors![0]!.message };
  };
  const ADD = 'mutation($i: AddMemberInput!) { addMember(input: $i) { email } }';
  const INVITE = 'mutation($i: CreateInviteInput!) { createInvite(input: $i) { token email expiresAt } }';
  const ACCEPT = 'mutation($i: AcceptInviteInput!) { acceptInvite(input: $i) { token email expiresAt } }';
  const SIGN_IN = 'mutation($i: SignInInput!) { signIn(input: $i) { token email expiresAt } }';
  const newMember = async (role = 'MEMBER', key = h.key): Promise<string> => {
    const email = `person-${++n}@example.com`;
    await ok(ADD, { i: { organizationId: h.organizationId, email, role } }, key);
    return email;
  };
  const invite = async (email: string, key = h.key): Promise<string> => (await ok<{ createInvite: { token: string } }>(INVITE, { i: { email } }, key)).createInvite.token;

  before(async () => { h = await startHarness({ scheduler: false, ingest: false }); });
  after(async () => { await h?.close(); });

  test('an invited member sets a password once, then signs in; the session acts with their role', async () => {
    const email = await newMember('VIEWER');
    const token = await invite(email);
    assert.match(token, /^ani_/);
    const accepted = await ok<{ acceptInvite: { token: string; email: string } }>(ACCEPT, { i: { token, password: PASSWORD, name: 'Grace' } }, null);
    assert.equal(accepted.acceptInvite.email, email);
    assert.equal((await code(ACCEPT, { i: { token, password: PASSWORD } }, null)).code, 'BAD_USER_INPUT', 'a link works once');

    const session = (await ok<{ signIn: { token: string } }>(SIGN_IN, { i: { email: email.toUpperCase(), password: PASSWORD } }, null)).signIn.token;
    assert.match(session, /^ans_/);
    const { me } = await ok<{ me: { email: string; name: string; signedInWith: string; hasPassword: boolean } }>('{ me { email name signedInWith hasPassword } }', {}, session);
    assert.deepEqual(me, { email, name: 'Grace', signedInWith: 'SESSION', hasPassword: true });
    const orgs = await ok<{ organizations: Array<{ id: string; role: string }> }>('{ organizations { id role } }', {}, session);
    assert.deepEqual(orgs.organizations, [{ id: h.organizationId, role: 'VIEWER' }]);
    assert.equal((await code('mutation { createProject(input: {name: "nope"}) { id } }', {}, session)).code, 'FORBIDDEN', 'a viewer changes nothing');

    assert.equal((await ok<{ signOut: boolean }>('mutation { signOut }', {}, session)).signOut, true);
    assert.equal((await code('{ me { email } }', {}, session)).code, 'UNAUTHENTICATED', 'a signed-out session is dead');
    assert.equal((await ok<{ signOut: boolean }>('mutation { signOut }')).signOut, false, 'an API key is not a session');
  });

  test('a wrong password and an unknown email read the same; repeated failures are throttled per email', async () => {
    const email = await newMember();
    await ok(ACCEPT, { i: { token: await invite(email), password: PASSWORD } }, null);
    const wrong = await code(SIGN_IN, { i: { email, password: 'not the password' } }, null);
    const unknown = await code(SIGN_IN, { i: { email: 'nobody@example.com', password: PASSWORD } }, null);
    assert.deepEqual(wrong, { code: 'UNAUTHENTICATED', message: 'wrong email or password' });
    assert.deepEqual(unknown, wrong);
    const noPassword = await newMember();
    assert.deepEqual(await code(SIGN_IN, { i: { email: noPassword, password: PASSWORD } }, null), wrong, 'no password yet reads the same too');

    for (let i = 1; i < 10; i++) await code(SIGN_IN, { i: { email, password: `guess ${i}` } }, null);
    const throttled = await code(SIGN_IN, { i: { email, password: PASSWORD } }, null);
    assert.equal(throttled.code, 'TOO_MANY_ATTEMPTS', 'even the right password waits once the email is throttled');
    assert.match(throttled.message, /try again in \d+ min/);
  });

  test('the throttle forgets failures after its window and after a success, and stays bounded', () => {
    const t = new SignInThrottle({ maxFailures: 3, windowMs: 1000, maxTracked: 2 });
    for (let i = 0; i < 3; i++) t.recordFailure('a', 100 * i);
    assert.equal(t.retryAfterMs('a', 300), 700);
    assert.equal(t.retryAfterMs('a', 1100), 0, 'the first failure left the window');
    t.recordSuccess('a');
    assert.equal(t.retryAfterMs('a', 300), 0);
    for (let i = 0; i < 3; i++) t.recordFailure('b', i);
    t.recordFailure('c', 0);
    t.recordFailure('d', 0);
    assert.equal(t.retryAfterMs('b', 10), 0, 'the oldest email was evicted to keep memory bounded');
  });

  test('bad passwords and tokens get clear messages', async () => {
    const email = await newMember();
    const token = await invite(email);
    const short = await h.gql(ACCEPT, { i: { token, password: 'short' } }, null);
    assert.equal(short.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.deepEqual(short.errors?.[0]?.extensions?.problems, [{ path: 'password', message: 'must be at least 10 characters' }]);
    assert.match((await code(ACCEPT, { i: { token: 'ank_abcdefghijkl_' + 'x'.repeat(43), password: PASSWORD } }, null)).message, /invite link is not valid/);
    assert.match((await code(ACCEPT, { i: { token: token.slice(0, -2) + 'zz', password: PASSWORD } }, null)).message, /invite link is not valid/, 'a wrong secret');
    await ok(ACCEPT, { i: { token, password: PASSWORD } }, null);
  });

  test('only the latest invite works; expired ones and ones for removed members do not', async () => {
    const email = await newMember();
    const first = await invite(email);
    const second = await invite(email);
    assert.equal((await code(ACCEPT, { i: { token: first, password: PASSWORD } }, null)).code, 'BAD_USER_INPUT');
    await h.ds.query(`UPDATE invite SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
    assert.equal((await code(ACCEPT, { i: { token: second, password: PASSWORD } }, null)).code, 'BAD_USER_INPUT', 'expired');

    const leaving = await newMember();
    const link = await invite(leaving);
    await ok('mutation($i: RemoveMemberInput!) { removeMember(input: $i) }', { i: { email: leaving } });
    assert.equal((await code(ACCEPT, { i: { token: link, password: PASSWORD } }, null)).code, 'BAD_USER_INPUT', 'removed since');
  });

  test('invites cannot reach further than the inviter: not for owners (by admins), people with passwords or in other organizations', async () => {
    const admin = await h.addUser('admin', h.organizationId);
    const owner = await newMember('OWNER');
    assert.equal((await code(INVITE, { i: { email: owner } }, admin.key)).code, 'FORBIDDEN');

    const withPassword = await newMember();
    await ok(ACCEPT, { i: { token: await invite(withPassword), password: PASSWORD } }, null);
    assert.match((await code(INVITE, { i: { email: withPassword } }, admin.key)).message, /has a password already/);

    const other = await h.addUser('owner');
    const shared = `shared-${++n}@example.com`;
    await ok(ADD, { i: { organizationId: other.organizationId, email: shared, role: 'OWNER' } }, other.key);
    await ok(ADD, { i: { organizationId: h.organizationId, email: shared, role: 'MEMBER' } });
    const refused = await code(INVITE, { i: { email: shared } }, admin.key);
    assert.equal(refused.code, 'CONFLICT');
    assert.match(refused.message, /other organizations/);
    assert.equal((await code(INVITE, { i: { email: 'stranger@example.com' } }, admin.key)).code, 'NOT_FOUND');
  });

  test('changing a password needs the current one, ends other sessions and keeps this one', async () => {
    const email = await newMember();
    const first = (await ok<{ acceptInvite: { token: string } }>(ACCEPT, { i: { token: await invite(email), password: PASSWORD } }, null)).acceptInvite.token;
    const second = (await ok<{ signIn: { token: string } }>(SIGN_IN, { i: { email, password: PASSWORD } }, null)).signIn.token;
    const CHANGE = 'mutation($i: ChangePasswordInput!) { changePassword(input: $i) }';
    const wrong = await h.gql(CHANGE, { i: { currentPassword: 'nope nope nope', newPassword: 'another passphrase' } }, second);
    assert.deepEqual(wrong.errors?.[0]?.extensions?.problems, [{ path: 'currentPassword', message: 'wrong password' }]);
    await ok(CHANGE, { i: { currentPassword: PASSWORD, newPassword: 'another passphrase' } }, second);
    assert.equal((await code('{ me { email } }', {}, first)).code, 'UNAUTHENTICATED', 'the other session ended');
    await ok('{ me { email } }', {}, second);
    assert.equal((await code(SIGN_IN, { i: { email, password: PASSWORD } }, null)).code, 'UNAUTHENTICATED');
    await ok(SIGN_IN, { i: { email, password: 'another passphrase' } }, null);

    // The first admin has only a key; they set a password themselves.
    await ok(CHANGE, { i: { newPassword: 'admin passphrase!' } });
    await ok(SIGN_IN, { i: { email: 'admin@localhost', password: 'admin passphrase!' } }, null);
  });

  test('an expired session is refused', async () => {
    const email = await newMember();
    const session = (await ok<{ acceptInvite: { token: string } }>(ACCEPT, { i: { token: await invite(email), password: PASSWORD } }, null)).acceptInvite.token;
    await ok('{ me { email } }', {}, session);
    await h.ds.query(`UPDATE user_session SET expires_at = now() - interval '1 second'`);
    assert.equal((await code('{ me { email } }', {}, session)).code, 'UNAUTHENTICATED');
  });
});
