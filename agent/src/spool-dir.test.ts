import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SPOOL_DIR, SpoolDir } from './spool-dir.js';
import { testLogger } from './testing.js';

const host = hostname().slice(0, 200);
const scratch = mkdtempSync(join(tmpdir(), 'anneal-spool-dir-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** An agent's spool folder as a crash leaves it: heartbeat stopped, one unpublished spool inside. */
async function deadAgent(workDir: string, namespace: string, trial: string): Promise<string> {
  const dir = await SpoolDir.open(workDir, { namespace, agentId: `agent-${trial}`, host }, testLogger);
  writeFileSync(dir.fileFor(trial, 1), 'records');
  await dir.close(); // stops the heartbeat; the folder stays because of the spool in it
  return dirname(dir.fileFor(trial, 1));
}

/** A folder as if written by another agent process with this pid. */
function foreignAgent(workDir: string, pid: number, namespace: string, trial: string): string {
  const dir = join(workDir, SPOOL_DIR, `${pid}-${trial}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'owner.json'), JSON.stringify({ pid, host, namespace, agentId: 'other', startedAt: Date.now() }));
  writeFileSync(join(dir, `${trial}-1.log`), 'records');
  return dir;
}

describe('SpoolDir', () => {
  it('takes over the spools of dead agents of its namespace and leaves live agents and other namespaces alone', async () => {
    const workDir = join(scratch, 'adopt');
    // A live process that is not an agent stands in for a running agent sharing the work dir.
    const live = spawn('sleep', ['30'], { stdio: 'ignore' });
    after(() => live.kill());
    const deadSamePid = await deadAgent(workDir, 'ns', 'trial-a');
    const running = foreignAgent(workDir, live.pid!, 'ns', 'trial-b');
    const stale = foreignAgent(workDir, live.pid!, 'ns', 'trial-c');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(join(stale, 'owner.json'), twoMinutesAgo, twoMinutesAgo);
    const otherNamespace = await deadAgent(workDir, 'other', 'trial-d');
    const sibling = await SpoolDir.open(workDir, { namespace: 'ns', agentId: 'sibling', host }, testLogger);
    writeFileSync(sibling.fileFor('trial-e', 1), 'records');

    const dir = await SpoolDir.open(workDir, { namespace: 'ns', agentId: 'me', host }, testLogger);
    const adopted = await dir.adoptOrphans();
    assert.deepEqual(adopted.map((f) => basename(f).replace(/^replay-[0-9a-f]{8}-/, '')).sort(), ['trial-a-1.log', 'trial-c-1.log']);
    assert.ok(adopted.every((f) => dirname(f) === dirname(dir.fileFor('x', 1))), 'moved into its own folder');
    assert.equal(existsSync(deadSamePid), false, 'an agent with our pid but not us is dead; its folder goes');
    assert.equal(existsSync(stale), false, 'a heartbeat two minutes old is dead, whatever its pid');
    assert.deepEqual(readdirSync(running).sort(), ['owner.json', 'trial-b-1.log'], 'a live agent keeps its spools');
    assert.ok(existsSync(join(otherNamespace, 'trial-d-1.log')), 'another namespace is left for its own agents');
    assert.ok(existsSync(sibling.fileFor('trial-e', 1)), 'an agent running in this same process keeps its spools');
    rmSync(sibling.fileFor('trial-e', 1));
    await sibling.close();

    // Dying before replaying them hands them on to the next agent, their names not growing.
    await dir.close();
    const next = await SpoolDir.open(workDir, { namespace: 'ns', agentId: 'next', host }, testLogger);
    const again = await next.adoptOrphans();
    assert.deepEqual(again.map((f) => basename(f).replace(/^replay-[0-9a-f]{8}-/, '')).sort(), ['trial-a-1.log', 'trial-c-1.log']);
    for (const f of again) rmSync(f);
    await next.close();
  });

  it('removes its folder when it closes with nothing left to publish', async () => {
    const workDir = join(scratch, 'clean');
    const dir = await SpoolDir.open(workDir, { namespace: 'ns', agentId: 'me', host }, testLogger);
    const folder = dirname(dir.fileFor('t', 1));
    assert.ok(existsSync(join(folder, 'owner.json')));
    await dir.close();
    assert.equal(existsSync(folder), false);
  });
});
