import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { createAccount, createUser, decode } from '@nats-io/jwt';
import { protocolNames, ProtocolError, telemetrySubjectTag } from '../names.js';
import { agentPermissions } from './agent-permissions.js';
import { AssignmentSigner, AssignmentVerifier } from './assignment-signature.js';
import { NatsAuthority } from './nats-authority.js';
import { generateServerAuth, renderServerConfig, serverJwts } from './server-auth.js';

const names = protocolNames('anneal');
const orgA = randomUUID();
const orgB = randomUUID();

describe('organization-scoped names', () => {
  it('put the organization in every subject and bucket, and refuse ids that are not UUIDs', () => {
    const a = names.org(orgA);
    const tag = orgA.replace(/-/g, '');
    assert.equal(a.tag, tag);
    for (const n of [a.assignSubject('gpu'), a.assignConsumer('gpu'), a.telemetrySubject(randomUUID(), randomUUID()), a.controlBucket, a.agentsBucket, a.checkpointsStore]) {
      assert.ok(n.includes(tag), `${n} carries the organization`);
    }
    assert.equal(telemetrySubjectTag(names, a.telemetrySubject(randomUUID(), randomUUID())), tag);
    assert.equal(telemetrySubjectTag(names, 'anneal.telemetry.x.y'), null);
    assert.throws(() => names.org('acme.>'), (e: unknown) => e instanceof ProtocolError && e.code === 'BAD_ORGANIZATION');
    assert.throws(() => names.org(orgA).assignSubject('a.b'), (e: unknown) => e instanceof ProtocolError && e.code === 'BAD_POOL');
  });
});

describe('agent permissions', () => {
  const key = createUser().getPublicKey();
  const p = agentPermissions(names, names.org(orgA), ['gpu'], key);
  const a = names.org(orgA);
  const b = names.org(orgB);

  it('let an agent pull its pools, report under its organization and read its buckets', () => {
    assert.ok(p.pub.includes(`$JS.API.CONSUMER.MSG.NEXT.${names.assignStream}.${a.assignConsumer('gpu')}`));
    assert.ok(p.pub.includes(`$JS.ACK.${names.assignStream}.${a.assignConsumer('gpu')}.>`));
    assert.ok(p.pub.includes(`${a.telemetryPrefix}.>`));
    assert.ok(p.pub.includes(`$KV.${a.agentsBucket}.>`), 'presence is written');
    assert.deepEqual(p.sub, [`_INBOX.${key}.>`], 'replies only on its own inbox');
  });

  it('name nothing of another organization, no assignment subject, no stop key writes and no stream management', () => {
    const all = [...p.pub, ...p.sub];
    assert.equal(all.some((s) => s.includes(b.tag)), false);
    assert.equal(all.some((s) => s.includes('.assign.')), false, 'assignments come only from the scheduler');
    assert.equal(all.some((s) => s.startsWith(`$KV.${a.controlBucket}`)), false, 'stop keys are read-only');
    for (const verb of ['STREAM.CREATE', 'STREAM.UPDATE', 'STREAM.DELETE', 'CONSUMER.DURABLE.CREATE', 'STREAM.MSG.DELETE']) {
      assert.equal(p.pub.some((s) => s.includes(verb)), false, `no ${verb}`);
    }
    assert.equal(all.some((s) => s === '>' || s === '$JS.API.>' || s === '_INBOX.>'), false, 'no blanket wildcards');
    assert.equal(p.pub.some((s) => s.includes('other-pool')), false);
  });
});

describe('assignment signatures', () => {
  const signer = AssignmentSigner.fromSecret(new TextEncoder().encode(generateServerAuth().accountSeed));
  const verifier = new AssignmentVerifier(signer.publicKey);
  const subject = names.org(orgA).assignSubject('gpu');
  const payload = new TextEncoder().encode('{"trialId":"t"}');

  it('verify what the scheduler signed, for that subject only', () => {
    const sig = signer.sign(subject, payload);
    assert.equal(verifier.verify(subject, payload, sig), true);
    assert.equal(verifier.verify(names.org(orgB).assignSubject('gpu'), payload, sig), false, 'replayed onto another organization');
    assert.equal(verifier.verify(names.org(orgA).assignSubject('cpu'), payload, sig), false, 'or another pool');
    assert.equal(verifier.verify(subject, new TextEncoder().encode('{"trialId":"u"}'), sig), false, 'altered');
    assert.equal(verifier.verify(subject, payload, undefined), false, 'unsigned');
    assert.equal(verifier.verify(subject, payload, 'not a signature'), false);
    const other = AssignmentSigner.fromSecret(new TextEncoder().encode(generateServerAuth().accountSeed));
    assert.equal(verifier.verify(subject, payload, other.sign(subject, payload)), false, 'signed by another key');
  });

  it('derive the same key from the same seed, so every service replica signs alike', () => {
    const seed = new TextEncoder().encode(generateServerAuth().accountSeed);
    assert.equal(AssignmentSigner.fromSecret(seed).publicKey, AssignmentSigner.fromSecret(seed).publicKey);
    assert.throws(() => new AssignmentVerifier('short'), RangeError);
  });
});

describe('the NATS authority', () => {
  const auth = generateServerAuth();
  const authority = NatsAuthority.fromSeed(auth.accountSeed);

  it('mints an agent JWT for the agent\'s own key, limited to its permissions and lifetime', async () => {
    const user = createUser().getPublicKey();
    const now = Date.UTC(2030, 0, 1);
    const { jwt, expiresAt } = await authority.agentJwt({ names, organizationId: orgA, pools: ['gpu'], userPublicKey: user, label: 'agent', ttlMs: 60_000, now });
    const claims = decode<{ pub: { allow: string[] }; sub: { allow: string[] } }>(jwt);
    assert.equal(claims.sub, user);
    assert.equal(claims.iss, authority.accountPublicKey);
    assert.equal(claims.exp, (now + 60_000) / 1000);
    assert.equal(expiresAt.getTime(), now + 60_000);
    assert.deepEqual(claims.nats.pub?.allow, agentPermissions(names, names.org(orgA), ['gpu'], user).pub);
  });

  it('refuses seeds and keys of the wrong kind with a clear code', async () => {
    assert.throws(() => NatsAuthority.fromSeed(auth.operatorSeed), (e: unknown) => e instanceof ProtocolError && e.code === 'BAD_CREDENTIALS');
    assert.throws(() => NatsAuthority.fromSeed('SAnope'), (e: unknown) => e instanceof ProtocolError && e.code === 'BAD_CREDENTIALS');
    await assert.rejects(
      authority.agentJwt({ names, organizationId: orgA, pools: ['gpu'], userPublicKey: createAccount().getPublicKey(), label: 'x', ttlMs: 1000 }),
      (e: unknown) => e instanceof ProtocolError && e.code === 'BAD_CREDENTIALS',
    );
  });

  it('renders a server config that trusts only its operator and preloads both accounts', async () => {
    const jwts = await serverJwts(auth);
    const conf = renderServerConfig(jwts, { host: '127.0.0.1', port: 4222, storeDir: '/tmp/js' });
    assert.match(conf, /^listen: "127\.0\.0\.1:4222"$/m);
    assert.match(conf, /^operator: "eyJ/m);
    assert.match(conf, /^resolver: MEMORY$/m);
    assert.ok(conf.includes(`${jwts.account.publicKey}: "${jwts.account.jwt}"`));
    assert.ok(conf.includes(`system_account: "${jwts.systemAccount.publicKey}"`));
    assert.doesNotMatch(conf, /\bS[AOU][A-Z2-7]{56}\b/, 'no seed is written into the config');
    assert.equal(jwts.account.publicKey, NatsAuthority.fromSeed(auth.accountSeed).accountPublicKey);
  });
});
