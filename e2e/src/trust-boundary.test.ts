import { agentInboxPrefix, assignmentSchema, encodeMessage, generateServerAuth, NatsAuthority, PROTOCOL_VERSION, SIGNATURE_HEADER } from '@anneal/protocol';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect, headers, jwtAuthenticator, nkeys, type NatsConnection } from 'nats';
import { spawnAgent, type AgentProcess } from './support/agent-process.js';
import { agentTokenFile, createSweep, startLiveStack, waitForSweep, type LiveStack, type LiveStackOptions } from './support/live-stack.js';

// The attack suite of the trust boundary: what someone on the network, another organization's
// agent, a revoked token or a trainer (user code) can reach. Everything runs against real stacks.

const TTL_MS = 4_000;
const ROOT = process.getuid?.() === 0;

interface AgentConfigReply { natsUrl: string; organizationId: string; pools: string[]; natsJwt: string | null; natsJwtExpiresAt: string | null }

async function agentConfig(live: LiveStack, token: string, natsUserKey: string | null): Promise<{ data?: { agentConfig: AgentConfigReply }; errors?: Array<{ extensions?: { code?: string } }> }> {
  const res = await fetch(`${live.stack.apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'query($k: String) { agentConfig(natsUserKey: $k) { natsUrl organizationId pools natsJwt natsJwtExpiresAt } }', variables: { k: natsUserKey } }),
  });
  return (await res.json()) as never;
}

/** Connects to NATS the way an agent does: its own nkey, a JWT the API minted for it. */
async function natsAsAgent(live: LiveStack, token: string): Promise<NatsConnection> {
  const user = nkeys.createUser();
  const reply = await agentConfig(live, token, user.getPublicKey());
  const cfg = reply.data?.agentConfig;
  assert.ok(cfg?.natsJwt, `agentConfig issued a JWT: ${JSON.stringify(reply.errors)}`);
  return connect({
    servers: cfg.natsUrl, authenticator: jwtAuthenticator(cfg.natsJwt, user.getSeed()),
    inboxPrefix: agentInboxPrefix(user.getPublicKey()), maxReconnectAttempts: 2, reconnectTimeWait: 200,
  });
}

const permissionDenied = (e: unknown): boolean => /permissions? violation|authorization/i.test(String((e as Error)?.message ?? e));

async function createOrganization(live: LiveStack, name: string): Promise<string> {
  return (await live.gql<{ createOrganization: { id: string } }>('mutation($n: String!) { createOrganization(name: $n) { id } }', { n: name })).createOrganization.id;
}

for (const [kind, options] of [
  ['embedded', { database: 'embedded', nats: 'embedded' }],
  ['external', { database: 'postgres', nats: 'external' }],
] as Array<[string, LiveStackOptions]>) {
  describe(`NATS access (${kind} database and NATS)`, () => {
    let live: LiveStack;
    let orgA: string;
    let orgB: string;
    before(async () => {
      live = await startLiveStack(`n${kind.slice(0, 3)}`, 0, 1, { ...options, agentCredentialTtlMs: TTL_MS });
      orgA = live.stack.organizationId;
      orgB = await createOrganization(live, `org-b-${randomBytes(3).toString('hex')}`);
    });
    after(async () => live?.close());

    test('refuses at CONNECT a client with no credentials, and one whose JWT another account signed', async () => {
      await assert.rejects(connect({ servers: live.stack.natsUrl, maxReconnectAttempts: 0 }), permissionDenied);
      const stranger = NatsAuthority.fromSeed(generateServerAuth().accountSeed);
      const creds = await stranger.serviceCredentials('intruder');
      await assert.rejects(connect({ servers: live.stack.natsUrl, maxReconnectAttempts: 0, authenticator: jwtAuthenticator(creds.jwt, creds.seed) }), permissionDenied);
    });

    test("an agent token's credentials reach its own organization's pool, telemetry and buckets, and nothing of another's", async () => {
      const { token: tokenB } = await agentTokenFile(live, 'default', orgB);
      // A's first agent asking for its config declares A's buckets and consumer.
      assert.ok((await agentConfig(live, (await agentTokenFile(live, 'default', orgA)).token, null)).data);
      const nc = await natsAsAgent(live, tokenB);
      try {
        const js = nc.jetstream();
        const a = live.stack.names.org(orgA);
        const b = live.stack.names.org(orgB);
        // Its own: the pool's consumer, telemetry under its organization, stop keys to read.
        await js.consumers.get(live.stack.names.assignStream, b.assignConsumer('default'));
        await js.publish(b.telemetrySubject(randomUUID(), randomUUID()), new TextEncoder().encode('{}'));
        const control = await js.views.kv(b.controlBucket, { bindOnly: true });
        assert.equal(await control.get('nothing-here'), null);
        // Another organization's: nothing.
        await assert.rejects(js.consumers.get(live.stack.names.assignStream, a.assignConsumer('default')), permissionDenied);
        await assert.rejects(js.publish(a.telemetrySubject(randomUUID(), randomUUID()), new TextEncoder().encode('{}')), permissionDenied);
        const foreign = await js.views.kv(a.controlBucket, { bindOnly: true });
        await assert.rejects(foreign.get(randomUUID()), permissionDenied, "A's stop keys cannot be read");
        await assert.rejects((async () => { for await (const k of await foreign.keys()) void k; })(), permissionDenied, "nor listed");
        await assert.rejects(js.views.os(a.checkpointsStore).then((o) => o.list()), permissionDenied, "nor A's checkpoints");
        // Nobody's but the scheduler's: assignments, stop keys, stream management.
        await assert.rejects(js.publish(b.assignSubject('default'), new TextEncoder().encode('{}')), permissionDenied);
        await assert.rejects(js.publish(`$KV.${b.controlBucket}.${randomUUID()}`, new TextEncoder().encode('{}')), permissionDenied);
        const jsm = await nc.jetstreamManager();
        await assert.rejects(jsm.streams.delete(live.stack.names.assignStream), permissionDenied);
        await assert.rejects(jsm.streams.purge(`KV_${b.controlBucket}`), permissionDenied);
      } finally {
        await nc.close();
      }
    });

    test('a revoked agent token loses NATS within the credential lifetime, and a running agent stops', async () => {
      const { token, id } = await agentTokenFile(live, 'default', orgA);
      const nc = await natsAsAgent(live, token);
      const agent = await startAgentProcess(live, await agentTokenFile(live, 'default', orgA));
      const revokedAt = Date.now();
      for (const key of [id, agent.tokenId]) await live.gql('mutation($k: String!) { revokeApiKey(idOrKey: $k) { revokedAt } }', { k: key });
      const renewal = await agentConfig(live, token, nkeys.createUser().getPublicKey());
      assert.equal(renewal.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', 'no fresh credentials for a revoked token');
      await Promise.race([nc.closed(), new Promise((_, reject) => setTimeout(() => reject(new Error('still connected')), TTL_MS + 5_000))]);
      assert.ok(Date.now() - revokedAt <= TTL_MS + 5_000);
      const code = await Promise.race([agent.exited, new Promise((r) => setTimeout(() => r('still running'), TTL_MS + 10_000))]);
      assert.notEqual(code, 'still running', 'the agent process gave up');
      assert.notEqual(code, 0);
      assert.match(agent.stderr(), /the agent stopped/);
    });
  });
}

interface TokenAgent extends AgentProcess { tokenId: string }

async function startAgentProcess(
  live: LiveStack, token: { file: string; id: string }, o: { env?: Record<string, string>; pool?: string } = {},
): Promise<TokenAgent> {
  const workDir = join(live.home, `agent-${randomBytes(3).toString('hex')}`);
  const agent = await spawnAgent({ server: live.stack.apiUrl, tokenFile: token.file, workDir, home: live.home, ...o });
  return { ...agent, tokenId: token.id };
}

describe('agents and trainers across the trust boundary', () => {
  let live: LiveStack;
  let orgB: string;
  const agents: TokenAgent[] = [];
  before(async () => {
    live = await startLiveStack('trust', 0, 1);
    orgB = await createOrganization(live, `org-b-${randomBytes(3).toString('hex')}`);
  });
  after(async () => {
    for (const a of agents) {
      if (a.proc.exitCode === null) {
        a.proc.kill('SIGTERM');
        await a.exited;
      }
    }
    await live?.close();
  });

  test("organization B's agent receives nothing of A's sweep, and forged or re-signed assignments run nowhere", async () => {
    const agentA = await startAgentProcess(live, await agentTokenFile(live, 'default', live.stack.organizationId));
    const agentB = await startAgentProcess(live, await agentTokenFile(live, 'default', orgB));
    agents.push(agentA, agentB);

    // Someone who can publish on the assignment subject (a leaked service credential, a bad NATS
    // admin): unsigned, and signed with a key that is not the scheduler's. Neither may run.
    const marker = join(live.home, 'forged');
    mkdirSync(marker, { recursive: true });
    chmodSync(marker, 0o777);
    const forged = (n: number) => encodeMessage(assignmentSchema, {
      v: PROTOCOL_VERSION, trialId: randomUUID(), sweepId: randomUUID(), projectId: randomUUID(), number: n, leaseToken: randomBytes(16).toString('hex'),
      metric: null, params: {}, createdAt: new Date().toISOString(),
      trainer: { type: 'command', command: ['node', '-e', `require('fs').writeFileSync(${JSON.stringify(join(marker, `ran-${n}`))}, 'x')`] },
    });
    const subject = live.stack.names.org(live.stack.organizationId).assignSubject('default');
    const js = live.stack.nc.jetstream();
    await js.publish(subject, forged(0));
    const stranger = NatsAuthority.fromSeed(generateServerAuth().accountSeed).signer;
    const h = headers();
    const body = forged(1);
    h.set(SIGNATURE_HEADER, stranger.sign(subject, body));
    await js.publish(subject, body, { headers: h });

    const sweepId = await createSweep(live, {
      method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { values: [1, 2, 3, 4] } },
      command: ['node', '-e', 'const p = JSON.parse(process.env.ANNEAL_PARAMS); console.log("@anneal " + JSON.stringify({ step: 0, loss: p.x }))'],
      max_concurrent: 2,
    }, live.stack.organizationId);
    assert.equal(await waitForSweep(live, sweepId, 60_000), 'COMPLETED');
    const trials: Array<{ agent_id: string }> = await live.stack.ds.query(`SELECT agent_id FROM trial WHERE sweep_id = $1`, [sweepId]);
    assert.equal(trials.length, 4);
    assert.deepEqual([...new Set(trials.map((t) => t.agent_id))], [agentA.id], "every trial ran on A's agent");
    assert.deepEqual(readdirSync(marker), [], 'no forged assignment ran');
    assert.match(agentA.stderr(), /signature does not verify/, 'the agent said why it refused them');
    assert.doesNotMatch(agentB.stderr(), /signature|assignment/, "B's agent never even saw them");
  });

  test('a trainer finds no key, token or NATS credential in its environment, its parent or its log', async () => {
    const adminKey = live.stack.createdAdminKey!;
    const token = await agentTokenFile(live, 'secrets', live.stack.organizationId);
    // Everything a careless operator might leave in the agent's environment.
    const env = { ANNEAL_ADMIN_KEY: adminKey, ANNEAL_API_KEY: adminKey, HF_TOKEN: 'hf_leaked_hugging_face_token', NATS_TOKEN: 'leaked-nats-token', NATS_URL: live.stack.natsUrl };
    const agent = await startAgentProcess(live, token, { env, pool: 'secrets' });
    agents.push(agent);
    const printedKey = `ank_${'a'.repeat(12)}_${'b'.repeat(43)}`;
    const trainer = `
      const fs = require('fs');
      const read = (p) => { try { return fs.readFileSync(p, 'utf8').split('\\0').join(' '); } catch (e) { return 'ERR ' + e.code; } };
      console.log('uid=' + process.getuid());
      console.log('env=' + JSON.stringify(process.env));
      console.log('parent-cmdline=' + read('/proc/' + process.ppid + '/cmdline'));
      console.log('parent-environ=' + read('/proc/' + process.ppid + '/environ'));
      console.log('token-file=' + read(${JSON.stringify(token.file)}));
      console.log('found a key: ' + ${JSON.stringify(printedKey)});
      console.log('@anneal ' + JSON.stringify({ step: 0, loss: 1 }));
    `;
    const sweepId = await createSweep(live, {
      method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { values: [1] } }, pool: 'secrets', command: ['node', '-e', trainer],
    }, live.stack.organizationId);
    assert.equal(await waitForSweep(live, sweepId, 60_000), 'COMPLETED');
    const [{ id }] = await live.stack.ds.query(`SELECT id FROM trial WHERE sweep_id = $1`, [sweepId]);
    const { trial } = await live.gql<{ trial: { logs: string[]; logTail: string | null } }>(`{ trial(id: "${id}") { logs(last: 200) logTail } }`);
    const log = `${trial.logs.join('\n')}\n${trial.logTail ?? ''}`;
    const line = (name: string) => trial.logs.find((l) => l.startsWith(`${name}=`))?.slice(name.length + 1) ?? '';

    for (const secret of [adminKey, token.token, 'hf_leaked_hugging_face_token', 'leaked-nats-token', printedKey]) {
      assert.equal(log.includes(secret), false, `the log holds no ${secret.slice(0, 8)}…`);
    }
    assert.doesNotMatch(log, /eyJ[\w-]+\.[\w-]+\.[\w-]+/, 'no JWT');
    assert.doesNotMatch(log, /\bS[UAO][A-Z2-7]{56}\b/, 'no nkey seed');
    assert.match(log, /found a key: \[redacted\]/, 'a key a trainer prints is masked');
    const trainerEnv = JSON.parse(line('env')) as Record<string, string>;
    for (const name of Object.keys(trainerEnv)) assert.doesNotMatch(name, /KEY|TOKEN|NATS|SECRET|PASSWORD/, `the trainer has no ${name}`);
    assert.ok(trainerEnv.ANNEAL_TRIAL_ID, 'it still has its trial variables');
    assert.doesNotMatch(line('parent-cmdline'), /ank_/, 'the token is not on the agent command line');
    assert.equal(line('token-file'), ROOT ? 'ERR EACCES' : line('token-file'), 'the token file is not readable by the trainer user');
    if (ROOT) {
      assert.equal(line('uid'), '65534', 'a root agent runs trainers as nobody');
      assert.equal(line('parent-environ'), 'ERR EACCES', "nor can they read the agent's environment");
    }
    assert.ok(existsSync(token.file));
  });
});
