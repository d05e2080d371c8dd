import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Telemetry } from '@anneal/protocol';
import { pino } from 'pino';
import { AgentError } from './errors.js';
import { Harness, nodeTrainer } from './testing.js';
import { lookupUser } from './trainer-user.js';

const KEY = `ank_Ab3dEf6hIj9L_${'k'.repeat(43)}`;

/** What a hostile trainer looks at: its environment, the agent's, the agent's folders. */
const SNOOP = `
const fs = require('fs');
const path = require('path');
const read = (p) => { try { return fs.readFileSync(p, 'utf8').split('\\0').join(' '); } catch (e) { return 'ERR ' + e.code; } };
const list = (p) => { try { return fs.readdirSync(p).join(','); } catch (e) { return 'ERR ' + e.code; } };
console.log('uid=' + process.getuid());
console.log('env=' + JSON.stringify(process.env));
console.log('parent-environ=' + read('/proc/' + process.ppid + '/environ').slice(0, 100));
console.log('workdir=' + list('../..'));
console.log('spool=' + list('../../spool'));
if (process.getuid() !== 0) fs.writeFileSync(path.join(process.env.HOME, 'cache'), 'x');
fs.writeFileSync('output.txt', 'x');
fs.writeFileSync(path.join(process.env.ANNEAL_CHECKPOINT_DIR, 'state'), 'step 1');
console.log('@anneal {"checkpoint": true, "step": 1}');
console.log('found ' + ${JSON.stringify(KEY)} + ' in a config');
console.error('Authorization: Bearer ' + ${JSON.stringify(KEY)});
`;

/** Swaps its checkpoint folder for a link to the agent's spool, then asks for a checkpoint. */
const LINKER = `
const fs = require('fs');
const dir = process.env.ANNEAL_CHECKPOINT_DIR;
fs.rmSync(dir, { recursive: true });
fs.symlinkSync(require('path').resolve('../../spool'), dir);
console.log('@anneal {"checkpoint": true, "step": 2}');
`;

const RESTORER = `console.log('restored=' + require('fs').readFileSync(process.env.ANNEAL_RESTORE_DIR + '/state', 'utf8'));`;

const logLines = (msgs: Telemetry[]): string[] => msgs.flatMap((m) => (m.type === 'log' ? m.lines : []));
const field = (lines: string[], name: string): string => lines.find((l) => l.startsWith(`${name}=`))?.slice(name.length + 1) ?? `no ${name} line`;

describe('what a trainer can reach', () => {
  let h: Harness;
  const planted = { ANNEAL_API_KEY: KEY, HF_TOKEN: 'hf_secret', NATS_TOKEN: 'nats-secret', WANDB_MODE: 'offline' };
  const saved = Object.fromEntries(Object.keys(planted).map((k) => [k, process.env[k]]));
  beforeEach(async () => {
    // The agent's environment, as `anneal agent` might have it.
    Object.assign(process.env, planted);
    h = await Harness.create();
    await h.readTelemetry();
  });
  afterEach(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await h.close();
  });

  it("gets no secret of the agent's environment, and what it prints of one is masked", async () => {
    await h.startAgent();
    const a = h.assignment(nodeTrainer(SNOOP));
    await h.publish(a);
    const finished = await h.finished(a.trialId);
    assert.equal(finished.status, 'completed', finished.error);
    const lines = logLines(h.of(a.trialId));
    const env = JSON.parse(field(lines, 'env')) as Record<string, string>;
    for (const name of ['ANNEAL_API_KEY', 'HF_TOKEN', 'NATS_TOKEN']) assert.equal(env[name], undefined, name);
    assert.equal(env['WANDB_MODE'], undefined, 'not on the allowlist');
    assert.equal(env['ANNEAL_TRIAL_ID'], a.trialId);
    assert.ok(lines.includes('found [redacted] in a config'));
    assert.ok(lines.includes('Authorization: Bearer [redacted]'));
    assert.ok(finished.logTail.includes('found [redacted] in a config'));
    assert.ok(!JSON.stringify(h.of(a.trialId)).includes(KEY), 'the key is in no telemetry message');
  });

  it('refuses to forward ANNEAL_* or a bad name, and warns about secret-looking ones', async () => {
    const refused = (name: string) => (e: unknown) => e instanceof AgentError && e.code === 'BAD_OPTIONS' && e.message.includes(name);
    await assert.rejects(h.startAgent({ trainerEnv: ['ANNEAL_API_KEY'] }), refused("ANNEAL_* variables are the agent's"));
    await assert.rejects(h.startAgent({ trainerEnv: ['NOT-A-NAME'] }), refused('is not a variable name'));
    const logged: Array<{ msg: string; name?: string }> = [];
    const logger = pino({ level: 'warn' }, { write: (s: string) => void logged.push(JSON.parse(s) as { msg: string; name?: string }) });
    await h.startAgent({ trainerEnv: ['WANDB_MODE', 'HF_TOKEN'], logger });
    assert.deepEqual(logged.filter((l) => l.msg.startsWith('passing a secret-looking variable')).map((l) => l.name), ['HF_TOKEN']);
    assert.ok(logged.some((l) => l.msg.startsWith("trainers run as the agent's own user")), 'the shared user is logged once at start');
  });

  it('runs as another user, which cannot read the agent or its files', { skip: process.getuid?.() === 0 ? false : 'needs root' }, async () => {
    const nobody = lookupUser('nobody');
    await h.startAgent({ trainerUser: 'nobody', trainerEnv: ['WANDB_MODE'] });
    const snoop = h.assignment(nodeTrainer(SNOOP));
    await h.publish(snoop);
    const finished = await h.finished(snoop.trialId);
    assert.equal(finished.status, 'completed', finished.error);
    const lines = logLines(h.of(snoop.trialId));
    assert.equal(field(lines, 'uid'), String(nobody.uid));
    assert.equal(field(lines, 'parent-environ'), 'ERR EACCES', "the agent's /proc/<pid>/environ is closed to it");
    assert.equal(field(lines, 'workdir'), 'ERR EACCES', 'the work dir cannot be listed');
    assert.equal(field(lines, 'spool'), 'ERR EACCES');
    const env = JSON.parse(field(lines, 'env')) as Record<string, string>;
    assert.equal(env['HOME'], `${h.workDir}/homes/nobody`);
    assert.equal(env['USER'], 'nobody');
    assert.equal(env['WANDB_MODE'], 'offline', 'forwarded with --trainer-env');
    const stored = h.of(snoop.trialId).find((t) => t.type === 'checkpoint');
    assert.ok(stored, 'its checkpoint was packed and stored');

    // A trainer that links its checkpoint folder to the agent's spool gets nothing out of it.
    const linker = h.assignment(nodeTrainer(LINKER));
    await h.publish(linker);
    assert.equal((await h.finished(linker.trialId)).status, 'completed');
    assert.equal(h.of(linker.trialId).find((t) => t.type === 'checkpoint'), undefined);
    assert.match(logLines(h.of(linker.trialId)).join('\n'), /checkpoint at step 2 was not stored: tar -cf failed: .*Permission denied/);

    // Restores are unpacked as the trainer user, into its own folder.
    const restorer = h.assignment(nodeTrainer(RESTORER), { restore: { trialId: snoop.trialId, step: 1 } });
    await h.publish(restorer);
    assert.equal((await h.finished(restorer.trialId)).status, 'completed');
    assert.ok(logLines(h.of(restorer.trialId)).includes('restored=step 1'));
  });
});
