import { startWeb } from '@anneal/cli';
import { freePort } from '@anneal/cli/embedded';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startLiveStack, waitForIdleAgents, type LiveStack } from './support/live-stack.js';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots land here so a person (or a session) can look at what the test saw. */
const SHOTS = process.env.ANNEAL_SCREENSHOTS ?? join(tmpdir(), 'anneal-screenshots');

let live: LiveStack;
let web: ChildProcess;
let webUrl: string;
let browser: Browser;

before(async () => {
  live = await startLiveStack('web', 1, 2);
  const port = await freePort();
  webUrl = `http://127.0.0.1:${port}`;
  web = startWeb(live.stack.apiUrl, port);
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${webUrl}/signin`)).ok) break;
    } catch {
      if (i > 100) throw new Error('the web UI did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  web?.kill('SIGTERM');
  await live?.close();
});

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical WCAG violations on the page as it is now, as readable lines. */
async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

/** A fresh browser context signed in with an API key or with email and password, on the projects page. */
async function signedIn(who: { key: string } | { email: string; password: string }, colorScheme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ colorScheme });
  const page = await context.newPage();
  await page.goto(`${webUrl}/signin`);
  if ('key' in who) {
    await page.fill('input[name="apiKey"]', who.key);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  } else {
    await page.fill('input[name="email"]', who.email);
    await page.fill('input[name="password"]', who.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
  await page.getByRole('heading', { name: 'Projects' }).waitFor({ timeout: 10_000 });
  return { context, page };
}

test('sign in with an API key, browse to a sweep and read its leaderboard', async () => {
  const key = live.stack.createdAdminKey!;
  const { gql } = live;
  const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "bert-sst2"}) { id } }');
  const config = JSON.stringify({
    name: 'lr-grid', method: 'grid', metric: { name: 'val_loss', goal: 'minimize' },
    parameters: { learning_rate: { values: [0.001, 0.01, 0.1] }, optimizer: { parameters: { beta: { values: [0.9] } } } },
    // A short curve per trial, ending at |log10(lr) + 2|: learning_rate 0.01 is best.
    command: ['node', '-e', 'const p = JSON.parse(process.env.ANNEAL_PARAMS); const end = Math.abs(Math.log10(p.learning_rate) + 2); for (let s = 0; s < 5; s++) console.log("@anneal " + JSON.stringify({ step: s, val_loss: end + (4 - s) / 4, lr: p.learning_rate })); console.log("done")'],
  });
  const { createSweep } = await gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config } });
  for (let i = 0; i < 200; i++) {
    const s = await gql<{ sweep: { status: string } }>(`{ sweep(id: "${createSweep.id}") { status } }`);
    if (s.sweep.status === 'COMPLETED') break;
    await new Promise((r) => setTimeout(r, 100));
  }

  const page = await browser.newPage();
  await page.goto(`${webUrl}/`);
  assert.match(page.url(), /\/signin/, 'an anonymous visit goes to sign-in');
  // The contract outside tests rely on: a field labelled "API key" and a "Sign in" button.
  const withKey = page.getByRole('button', { name: 'Sign in', exact: true });
  await page.getByLabel('API key').fill('ank_AAAAAAAAAAAA_' + 'b'.repeat(43));
  await withKey.click();
  await page.getByText(/not accepted|invalid|wrong/i).first().waitFor({ timeout: 10_000 });
  await page.fill('input[name="apiKey"]', key);
  await withKey.click();
  await page.getByRole('heading', { name: 'Projects' }).waitFor({ timeout: 10_000 });
  await page.getByRole('link', { name: 'bert-sst2' }).click();
  await page.getByRole('link', { name: 'lr-grid' }).click();
  await page.getByRole('heading', { name: /lr-grid/ }).waitFor({ timeout: 10_000 });
  const rows = await page.locator('table tbody tr').allInnerTexts();
  assert.equal(rows.length, 3);
  assert.match(rows[0]!, /0\.01/, 'the best trial (learning_rate 0.01, val_loss 0) comes first');
  const header = await page.locator('table thead').innerText();
  assert.match(header, /optimizer\.beta/, 'nested parameters get dotted columns');
  const curves = page.locator('figure.curves', { has: page.getByRole('img', { name: 'val_loss of the best trials by step' }) });
  await curves.locator('svg').first().waitFor({ timeout: 10_000 });
  assert.equal(await curves.getAttribute('data-series'), '3', 'one curve per trial');
  assert.deepEqual(await curves.locator('.legend a').allInnerTexts(), rows.map((r) => `#${r.split('\t')[1]!.trim()}`), 'the legend follows the leaderboard');
  assert.ok((await curves.locator('svg text').allTextContents()).includes('step'), 'a named step axis with ticks');
  assert.equal(await curves.getByLabel('log scale').isDisabled(), true, 'no log scale for curves that reach 0');
  // Hover names the trials under the pointer, with status and value.
  await curves.scrollIntoViewIfNeeded();
  const box = (await curves.locator('.echart').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
  await curves.getByText(/#\d+ completed: [\d.]+/).first().waitFor({ timeout: 5_000 });
  // Smoothing keeps the raw points (a faint line per trial beside each smoothed one).
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  const lines = async () => curves.locator('svg path[fill="none"]').count();
  const rawLines = await lines();
  await curves.getByLabel(/smoothing/).press('End');
  await page.locator('figure.curves[data-smoothing="0.99"]').first().waitFor({ timeout: 5_000 });
  await page.waitForTimeout(300);
  assert.equal(await lines(), rawLines + 3, 'a smoothed line per trial drawn over its faint raw points');
  const history = page.locator('figure.history');
  assert.equal(await history.getAttribute('data-points'), '3', 'one dot per finished trial');
  assert.equal(await history.getByRole('img', { name: 'val_loss by trial number, with the best so far' }).count(), 1);
  // Slice plots: one chart per parameter, log x for the learning rate.
  const slices = page.locator('figure.slice');
  assert.deepEqual(await slices.evaluateAll((figs) => figs.map((f) => [f.getAttribute('data-param'), f.getAttribute('data-x-scale'), f.getAttribute('data-points')])),
    [['learning_rate', 'log', '3'], ['optimizer.beta', 'value', '3']]);
  // Parallel coordinates: an axis per parameter and the objective; brushing the low end of val_loss keeps the best trial.
  const parallel = page.locator('figure.parallel');
  assert.equal(await parallel.getAttribute('data-lines'), '3', 'one line per trial with a result');
  const axisNames = await parallel.locator('svg text').allTextContents();
  for (const name of ['learning_rate (log)', 'optimizer.beta', 'val_loss']) assert.ok(axisNames.includes(name), `axis ${name} in ${axisNames.join(', ')}`);
  assert.match(await parallel.locator('.brush-count').innerText(), /^3 trials/);
  await parallel.scrollIntoViewIfNeeded();
  const pbox = (await parallel.locator('.echart').boundingBox())!;
  const lastAxisX = pbox.x + pbox.width - 96;
  // From the middle of the axis down past its end (the brush stops at the axis' 0).
  await page.mouse.move(lastAxisX, pbox.y + pbox.height * 0.55);
  await page.mouse.down();
  await page.mouse.move(lastAxisX, pbox.y + pbox.height - 4, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(200);
  await parallel.screenshot({ path: join(SHOTS, 'parallel-brushed.png') });
  await parallel.getByText(/^1 of 3 trials in the brushed ranges/).waitFor({ timeout: 5_000 })
    .catch(async (e: unknown) => assert.fail(`after brushing: ${await parallel.locator('figcaption').innerText()} (${String(e)})`));
  assert.match(await parallel.locator('figcaption').innerText(), new RegExp(`#${rows[0]!.split('\t')[1]!.trim()}$`), 'the brushed trial is the best one');
  await page.screenshot({ path: join(SHOTS, 'leaderboard.png'), fullPage: true });

  // The best trial's page: its curves (the sweep metric first), events and log.
  await page.locator('table tbody tr').first().getByRole('link').click();
  await page.getByRole('heading', { name: /Trial #\d+/ }).waitFor({ timeout: 10_000 });
  const charts = await page.locator('figure.chart figcaption').allInnerTexts();
  assert.match(charts[0]!, /^val_loss/, 'the sweep metric is charted first');
  assert.match(charts[0]!, /last 0 · 5 points/);
  assert.equal(await page.getByRole('img', { name: 'val_loss by step' }).count(), 1);
  const events = await page.locator('table.events').innerText();
  assert.match(events, /started/);
  assert.match(events, /finished/);
  assert.match(await page.locator('pre.log').innerText(), /done/);
  await page.screenshot({ path: join(SHOTS, 'trial.png'), fullPage: true });
  await page.close();
});

test('an invited member sets a password, sees who they are, signs out and back in with email and password', async () => {
  const { gql } = live;
  const email = 'grace@example.com';
  await gql('mutation($i: AddMemberInput!) { addMember(input: $i) { email } }', { i: { email, role: 'VIEWER' } });
  const { createInvite } = await gql<{ createInvite: { token: string } }>('mutation($i: CreateInviteInput!) { createInvite(input: $i) { token } }', { i: { email } });

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${webUrl}/invite/${createInvite.token}`);
  await page.fill('input[name="name"]', 'Grace');
  await page.fill('input[name="password"]', 'a long passphrase');
  await page.fill('input[name="confirm"]', 'a different one!!');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByText('The two passwords differ.').waitFor({ timeout: 10_000 });
  assert.equal(await page.inputValue('input[name="name"]'), 'Grace', 'a refused form keeps what was typed');
  await page.fill('input[name="password"]', 'a long passphrase');
  await page.fill('input[name="confirm"]', 'a long passphrase');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('heading', { name: 'Projects' }).waitFor({ timeout: 10_000 });
  const who = await page.getByLabel('Signed in as').innerText();
  assert.match(who, /Grace · grace@example\.com/);
  assert.match(who, /default\s+viewer/, 'the organization and the role are shown');
  await page.screenshot({ path: join(SHOTS, 'signed-in-as-viewer.png') });

  const [cookie] = (await context.cookies()).filter((c) => c.name === 'anneal_api_key');
  assert.ok(cookie?.httpOnly, 'the session is kept in an httpOnly cookie');
  assert.equal(cookie.sameSite, 'Lax');
  assert.match(cookie.value, /^ans_/, 'a session, not a key');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin/);
  const after = await fetch(`${live.stack.apiUrl}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${cookie.value}` }, body: JSON.stringify({ query: '{ me { email } }' }),
  });
  assert.equal(((await after.json()) as { errors?: Array<{ extensions: { code: string } }> }).errors?.[0]?.extensions.code, 'UNAUTHENTICATED', 'signing out ended the session at the API');

  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', 'not the passphrase');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText('Wrong email or password.').waitFor({ timeout: 10_000 });
  assert.equal(await page.inputValue('input[name="email"]'), email);
  await page.screenshot({ path: join(SHOTS, 'signin-refused.png') });
  await page.fill('input[name="password"]', 'a long passphrase');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Projects' }).waitFor({ timeout: 10_000 });
  await context.close();
});

test('settings: an admin adds a member with an invite link, changes roles and manages keys; a viewer sees no buttons', async () => {
  const { context, page } = await signedIn({ key: live.stack.createdAdminKey! });
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Members' }).waitFor({ timeout: 10_000 });
  await page.getByRole('heading', { name: 'API keys' }).waitFor();

  const add = page.getByRole('form', { name: 'Add a member' });
  await add.locator('input[name="email"]').fill('lin@example.com');
  await add.getByLabel('role of the new member', { exact: true }).selectOption('ADMIN');
  await add.getByRole('button', { name: 'Add member' }).click();
  const link = add.getByLabel('shown once');
  await link.waitFor({ timeout: 10_000 });
  assert.match(await link.inputValue(), new RegExp(`^${webUrl.replace(/[.:/]/g, '\\$&')}/invite/ani_`), 'the invite link points at this web UI');
  const row = page.locator('tr', { hasText: 'lin@example.com' });
  assert.match(await row.innerText(), /admin/);

  await row.getByLabel('role of lin@example.com', { exact: true }).selectOption('MEMBER');
  await row.getByRole('button', { name: 'Change role' }).click();
  await row.getByText('lin@example.com is now member.').waitFor({ timeout: 10_000 });
  assert.equal(await row.getByLabel('role of lin@example.com', { exact: true }).inputValue(), 'MEMBER', 'the picker shows the new role');

  const create = page.getByRole('form', { name: 'Create an API key' });
  await create.locator('input[name="name"]').fill('ci-runner');
  await create.getByLabel('role of the new key', { exact: true }).selectOption('AGENT');
  await create.getByRole('button', { name: 'Create key' }).click();
  await create.getByText('An agent token needs at least one pool, e.g. default.').waitFor({ timeout: 10_000 });
  await create.locator('input[name="name"]').fill('ci-runner');
  await create.getByLabel('role of the new key', { exact: true }).selectOption('AGENT');
  await create.locator('input[name="pools"]').fill('gpu-a100');
  await create.getByRole('button', { name: 'Create key' }).click();
  const key = create.getByLabel('shown once');
  await key.waitFor({ timeout: 10_000 });
  assert.match(await key.inputValue(), /^ank_/);
  const keyRow = page.locator('tr', { hasText: 'ci-runner' });
  assert.match(await keyRow.innerText(), /agent: gpu-a100/);
  await page.screenshot({ path: join(SHOTS, 'settings-admin.png'), fullPage: true });
  await keyRow.getByRole('button', { name: 'Revoke' }).click();
  await page.locator('tr', { hasText: 'ci-runner' }).getByText(/revoked/).waitFor({ timeout: 10_000 });

  await row.getByRole('button', { name: 'Remove' }).click();
  await page.locator('tr', { hasText: 'lin@example.com' }).waitFor({ state: 'detached', timeout: 10_000 });
  await context.close();

  // Grace (a viewer since the previous test) reads the same page without a single control.
  const { context: viewer, page: vp } = await signedIn({ email: 'grace@example.com', password: 'a long passphrase' });
  await vp.goto(`${webUrl}/settings`);
  await vp.getByRole('heading', { name: 'Members' }).waitFor({ timeout: 10_000 });
  assert.equal(await vp.locator('main button').count(), 0, 'a viewer is shown no buttons');
  assert.equal(await vp.locator('main form').count(), 0);
  assert.match(await vp.locator('main').innerText(), /default: you are viewer/);
  await vp.screenshot({ path: join(SHOTS, 'settings-viewer.png'), fullPage: true });
  await viewer.close();
});

test('the leaderboard sorts, filters and compares; a member pauses, resumes and stops a running sweep, a viewer sees no actions', async () => {
  const { gql } = live;
  const { projects } = await gql<{ projects: Array<{ id: string; name: string; sweeps: Array<{ id: string; name: string }> }> }>('{ projects { id name sweeps { id name } } }');
  const grid = projects.find((p) => p.name === 'bert-sst2')!.sweeps.find((s) => s.name === 'lr-grid')!;
  const { context, page } = await signedIn({ key: live.stack.createdAdminKey! });

  await page.goto(`${webUrl}/sweeps/${grid.id}`);
  const lrColumn = async () => (await page.locator('table.data tbody tr td.param:nth-of-type(6)').allInnerTexts());
  await page.getByRole('link', { name: 'learning_rate' }).click();
  await page.waitForURL(/sort=param%3Alearning_rate|sort=param:learning_rate/);
  assert.deepEqual(await lrColumn(), ['0.001', '0.01', '0.1']);
  assert.equal(await page.locator('th[aria-sort="ascending"]').innerText(), 'learning_rate ▲');
  await page.getByRole('link', { name: 'learning_rate ▲' }).click();
  await page.waitForURL(/dir=desc/);
  assert.deepEqual(await lrColumn(), ['0.1', '0.01', '0.001']);
  await page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name: 'failed' }).click();
  await page.getByText('No trials match these filters.').waitFor({ timeout: 10_000 });
  await page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name: 'completed' }).click();
  await page.locator('table.data tbody tr').first().waitFor();
  const boxes = page.getByRole('checkbox');
  await boxes.nth(0).check();
  await boxes.nth(2).check();
  await page.getByRole('button', { name: /Compare selected/ }).click();
  await page.getByRole('heading', { name: /Comparison/ }).waitFor({ timeout: 10_000 });
  const compared = page.locator('figure.curves', { has: page.getByRole('img', { name: 'val_loss of the compared trials by step' }) });
  assert.equal(await compared.getAttribute('data-series'), '2', 'the picked trials\' curves');
  assert.equal(await compared.locator('.legend a').count(), 2);
  assert.match(await page.locator('table.compare').innerText(), /learning_rate/);
  assert.doesNotMatch(await page.locator('table.compare').innerText(), /optimizer\.beta/, 'only the parameters in which they differ');
  assert.equal(await page.getByRole('form', { name: 'Sweep actions' }).count(), 0, 'a finished sweep offers no actions');
  await page.screenshot({ path: join(SHOTS, 'leaderboard-compare.png'), fullPage: true });

  const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "slow"}) { id } }');
  const slow = JSON.stringify({ name: 'slow', method: 'random', run_cap: 50, max_concurrent: 1, metric: { name: 'loss', goal: 'minimize' },
    parameters: { x: { min: 0, max: 1 } }, command: ['node', '-e', 'setTimeout(() => {}, 60000)'] });
  const { createSweep } = await gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config: slow } });
  await page.goto(`${webUrl}/sweeps/${createSweep.id}`);
  const actions = page.getByRole('form', { name: 'Sweep actions' });
  await actions.getByRole('button', { name: 'Pause sweep' }).click();
  await actions.getByRole('button', { name: 'Resume sweep' }).waitFor({ timeout: 10_000 });
  assert.match(await page.locator('h1').innerText(), /paused/i);
  await actions.getByRole('button', { name: 'Resume sweep' }).click();
  await actions.getByRole('button', { name: 'Pause sweep' }).waitFor({ timeout: 10_000 });
  // More trials at once while it runs.
  const limits = page.getByRole('form', { name: 'Sweep limits' });
  await limits.locator('input[name="maxConcurrent"]').fill('2');
  await limits.getByRole('button', { name: 'Update limits' }).click();
  await limits.getByText(/Saved/).waitFor({ timeout: 10_000 });
  assert.equal((await gql<{ sweep: { maxConcurrent: number } }>('query($id: ID!) { sweep(id: $id) { maxConcurrent } }', { id: createSweep.id })).sweep.maxConcurrent, 2);
  await limits.locator('input[name="maxConcurrent"]').fill('5000');
  assert.equal(await limits.locator('input[name="maxConcurrent"]').evaluate((el) => (el as unknown as { validity: { valid: boolean } }).validity.valid), false, 'the browser refuses it before the API would');
  await limits.locator('input[name="maxConcurrent"]').fill('2');

  // Stop one running trial from its page; the sweep goes on.
  const runningTrial = async () => (await gql<{ sweep: { trials: { edges: Array<{ node: { id: string; status: string } }> } } }>(
    'query($id: ID!) { sweep(id: $id) { trials(first: 50) { edges { node { id status } } } } }', { id: createSweep.id })).sweep.trials.edges.find((e) => e.node.status === 'RUNNING')?.node.id;
  let trialId: string | undefined;
  for (let i = 0; i < 200 && !trialId; i++) {
    trialId = await runningTrial();
    if (!trialId) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(trialId, 'a trial of the slow sweep runs');
  await page.goto(`${webUrl}/trials/${trialId}`);
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('form', { name: 'Trial actions' }).getByRole('button', { name: 'Stop trial' }).click();
  for (let i = 0; i < 200; i++) {
    const { trial } = await gql<{ trial: { status: string } }>('query($id: ID!) { trial(id: $id) { status } }', { id: trialId });
    if (trial.status === 'STOPPED') break;
    assert.ok(i < 199, `the trial ended ${trial.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await page.goto(`${webUrl}/sweeps/${createSweep.id}`);
  assert.match(await page.locator('h1').innerText(), /running/i, 'the sweep goes on');
  page.once('dialog', (d) => void d.accept());
  await actions.getByRole('button', { name: 'Stop sweep' }).click();
  await page.getByRole('form', { name: 'Sweep actions' }).waitFor({ state: 'detached', timeout: 10_000 });
  assert.match(await page.locator('h1').innerText(), /stopped/i);
  await context.close();

  const { context: viewer, page: vp } = await signedIn({ email: 'grace@example.com', password: 'a long passphrase' });
  const { createSweep: running } = await gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config: slow } });
  await vp.goto(`${webUrl}/sweeps/${running.id}`);
  await vp.locator('h1').waitFor();
  assert.equal(await vp.getByRole('form', { name: 'Sweep actions' }).count(), 0, 'a viewer is offered no actions');
  await gql('mutation($id: ID!) { stopSweep(id: $id) { id } }', { id: running.id });
  await viewer.close();
});

test('the leaderboard filters by a parameter range, shows a metric column and exports what it shows; the curves chart draws another series', async () => {
  const { projects } = await live.gql<{ projects: Array<{ name: string; sweeps: Array<{ id: string; name: string }> }> }>('{ projects { name sweeps { id name } } }');
  const grid = projects.find((p) => p.name === 'bert-sst2')!.sweeps.find((s) => s.name === 'lr-grid')!;
  const { context, page } = await signedIn({ key: live.stack.createdAdminKey! });
  await page.goto(`${webUrl}/sweeps/${grid.id}?sort=param:learning_rate`);
  await page.getByText('Filter by range, pick metric columns, export').click();
  await page.getByLabel('Column').selectOption('param:learning_rate');
  await page.getByLabel('from').fill('0.005');
  await page.getByRole('checkbox', { name: 'val_loss' }).check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/rk=param%3Alearning_rate&rmin=0\.005/);
  const rows = page.locator('table.data tbody tr');
  assert.equal(await rows.count(), 2, 'learning rates 0.01 and 0.1 are in range, 0.001 is not');
  assert.match(await page.getByRole('list', { name: 'Active range filters' }).innerText(), /learning_rate ≥ 0\.005/);
  const header = await page.locator('table.data thead').innerText();
  assert.equal(header.match(/val_loss/gi)?.length, 2, `the objective column and the val_loss metric column: ${header}`);
  assert.ok((await rows.first().locator('td.num.mono').nth(1).innerText()).match(/^\d/), 'each row has its latest val_loss');
  await page.screenshot({ path: join(SHOTS, 'leaderboard-ranges.png'), fullPage: true });

  const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
  const csv = await (await context.request.get(`${webUrl}${href}`)).text();
  const lines = csv.trim().split(/\r\n/);
  assert.equal(lines.length, 3, `a header and the two rows shown: ${csv}`);
  assert.match(lines[0]!, /^number,status,objective,.*param\.learning_rate.*metric\.val_loss$/);
  const json = await (await context.request.get(`${webUrl}${href!.replace('format=csv', 'format=json')}`)).json() as Array<Record<string, unknown>>;
  assert.deepEqual(json.map((r) => r['param.learning_rate']), [0.01, 0.1]);
  assert.equal((await context.request.get(`${webUrl}/sweeps/${grid.id}/export?format=xls`)).status(), 400);

  // The curves chart draws another series of the same best trials; the leaderboard's view stays.
  await page.goto(`${webUrl}/sweeps/${grid.id}?status=completed`);
  await page.getByLabel('Series').selectOption('lr');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/curve=lr/);
  assert.match(page.url(), /status=COMPLETED/, 'the leaderboard view is kept');
  const lr = page.locator('figure.curves', { has: page.getByRole('img', { name: 'lr of the best trials by step' }) });
  await lr.locator('svg').first().waitFor({ timeout: 10_000 });
  assert.equal(await lr.getAttribute('data-series'), '3');
  assert.match(await page.getByRole('heading', { name: /^Curves/ }).innerText(), /lr of the best \d+ trials by val_loss/);
  await page.screenshot({ path: join(SHOTS, 'curves-series.png'), fullPage: false });
  // Comparing keeps the series: the comparison draws it too.
  const boxes = page.locator('table.data tbody input[name="compare"]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByRole('button', { name: /Compare selected/ }).click();
  await page.waitForURL(/compare=/);
  assert.match(page.url(), /curve=lr/, 'the series survives the comparison form');
  await page.getByRole('img', { name: 'lr of the compared trials by step' }).waitFor({ timeout: 10_000 });
  await page.goto(`${webUrl}/sweeps/${grid.id}?curve=grad_nrom`);
  await page.getByText('No trial of this sweep reported grad_nrom; showing val_loss.').waitFor({ timeout: 10_000 });
  await page.getByRole('img', { name: 'val_loss of the best trials by step' }).waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('a[href*="grad_nrom"], input[value="grad_nrom"]').count(), 0, 'the unknown series is not carried on');
  await context.close();
});

test('a trial with many series charts the first 48, the sweep metric first, and a filter finds the others', async () => {
  const { gql } = live;
  const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "wide"}) { id } }');
  const config = JSON.stringify({
    name: 'wide', method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { values: [1] } },
    command: ['node', '-e', 'for (let s = 0; s < 3; s++) { const r = { step: s, loss: 1 / (s + 1) }; for (let k = 0; k < 60; k++) r[`layer_${k}`] = k * s; console.log("@anneal " + JSON.stringify(r)); }'],
  });
  const { createSweep } = await gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config } });
  let trialId = '';
  for (let i = 0; i < 300 && !trialId; i++) {
    const { sweep } = await gql<{ sweep: { status: string; trials: { edges: Array<{ node: { id: string } }> } } }>(
      'query($id: ID!) { sweep(id: $id) { status trials(first: 1) { edges { node { id } } } } }', { id: createSweep.id });
    if (sweep.status === 'COMPLETED') trialId = sweep.trials.edges[0]!.node.id;
    else await new Promise((r) => setTimeout(r, 100));
  }
  const { context, page } = await signedIn({ key: live.stack.createdAdminKey! });
  await page.goto(`${webUrl}/trials/${trialId}`);
  await page.getByRole('heading', { name: /Metrics/ }).waitFor({ timeout: 10_000 });
  assert.match(await page.getByRole('heading', { name: /Metrics/ }).innerText(), /48 of 61 series/);
  const captions = await page.locator('figure.chart figcaption').allInnerTexts();
  assert.equal(captions.length, 48);
  assert.match(captions[0]!, /^loss/, 'the sweep metric first');
  assert.match(captions[0]!, /3 points/);
  const filter = page.getByRole('form', { name: 'Filter series' });
  await filter.locator('input[name="q"]').fill('layer_5');
  await filter.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/q=layer_5/);
  assert.deepEqual((await page.locator('figure.chart figcaption .mono').allInnerTexts()).sort(),
    ['layer_5', ...Array.from({ length: 10 }, (_, i) => `layer_5${i}`)].sort());
  await context.close();
});

test("a pruned trial's page tells its stop in words from the evidence, not as an error", async () => {
  const { gql } = live;
  const trainer = `const p = JSON.parse(process.env.ANNEAL_PARAMS); let step = 0;
const tick = () => { console.log('@anneal ' + JSON.stringify({ step, loss: p.x + 1 / (step + 1) })); if (++step < 10) setTimeout(tick, 100); };
tick(); process.on('SIGTERM', () => process.exit(0));`;
  const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "pruning"}) { id } }');
  const config = JSON.stringify({
    method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { values: [1, 2, 3, 4, 5, 6] } },
    early_terminate: { type: 'asha', min_iter: 2, eta: 2 }, command: ['node', '-e', trainer], max_concurrent: 2,
  });
  const { createSweep } = await gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config } });
  type View = { sweep: { status: string; trials: { edges: Array<{ node: { id: string; status: string } }> } } };
  let view: View | undefined;
  for (let i = 0; i < 600; i++) {
    view = await gql<View>('query($id: ID!) { sweep(id: $id) { status trials(first: 10) { edges { node { id status } } } } }', { id: createSweep.id });
    if (view.sweep.status === 'COMPLETED') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const pruned = view!.sweep.trials.edges.find((e) => e.node.status === 'PRUNED');
  assert.ok(pruned, 'ASHA pruned a trial');
  const { context, page } = await signedIn({ key: live.stack.createdAdminKey! });
  await page.goto(`${webUrl}/trials/${pruned.node.id}`);
  const notice = page.locator('.page-header [role="status"]');
  await notice.waitFor({ timeout: 10_000 });
  assert.match(await notice.innerText(), /^Stopped early \(stop\): [\d.]+ is outside the best \d+ of \d+ at rung \d+/);
  assert.equal(await page.locator('.error-text').count(), 0, 'no red error box');
  assert.doesNotMatch(await page.locator('table.events').innerText(), /"rule"/, 'the decision event reads as words, not JSON');
  // Its curve against the cohort at the rung it was judged at, with a marker there and the comparison in words.
  const rung = /at rung (\d+)/.exec(await notice.innerText())![1]!;
  await page.getByRole('heading', { name: /Against its cohort/ }).waitFor();
  assert.match(await page.locator('.cohort-words').innerText(), new RegExp(`^At step ${rung} this trial had [\\d.]+; the \\d+ other trials? shown that reached it`));
  const cohort = page.locator('figure.curves', { has: page.getByRole('img', { name: /against its cohort/ }) });
  assert.ok(Number(await cohort.getAttribute('data-series')) >= 2, 'the others are drawn too');
  await cohort.locator('svg text', { hasText: `decision at step ${rung}` }).waitFor({ timeout: 5_000 });
  // The log switch changes the y-axis (all losses are positive): other tick labels.
  const ticks = async () => (await cohort.locator('svg text').allTextContents()).join('|');
  const linearTicks = await ticks();
  await cohort.getByLabel('log scale').check();
  await page.locator('figure.curves[data-y-scale="log"]').first().waitFor({ timeout: 5_000 });
  await page.waitForTimeout(300);
  assert.notEqual(await ticks(), linearTicks, 'the axis is redrawn on a log scale');
  await cohort.getByLabel('log scale').uncheck();
  await page.screenshot({ path: join(SHOTS, 'pruned-trial.png'), fullPage: true });
  await context.close();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the pages a team uses have no serious accessibility violations (axe-core, WCAG 2 A/AA), ${scheme} theme`, async () => {
    const { gql } = live;
    const { projects } = await gql<{ projects: Array<{ id: string; name: string; sweeps: Array<{ id: string; name: string }> }> }>('{ projects { id name sweeps { id name } } }');
    const grid = projects.find((p) => p.name === 'bert-sst2')!;
    const sweep = grid.sweeps.find((s) => s.name === 'lr-grid')!;
    const pruning = projects.find((p) => p.name === 'pruning')?.sweeps[0];
    const { sweep: { trials } } = await gql<{ sweep: { trials: { edges: Array<{ node: { id: string } }> } } }>('query($id: ID!) { sweep(id: $id) { trials(first: 1) { edges { node { id } } } } }', { id: sweep.id });
    const pruned = pruning
      ? (await gql<{ sweep: { trials: { edges: Array<{ node: { id: string; status: string } }> } } }>('query($id: ID!) { sweep(id: $id) { trials(first: 10) { edges { node { id status } } } } }', { id: pruning.id }))
        .sweep.trials.edges.find((e) => e.node.status === 'PRUNED')?.node.id
      : undefined;
    const anonymous = await browser.newContext({ colorScheme: scheme });
    const signin = await anonymous.newPage();
    await signin.goto(`${webUrl}/signin`);
    const found: Record<string, string[]> = { '/signin': await seriousA11yViolations(signin) };
    await anonymous.close();
    const { context, page } = await signedIn({ key: live.stack.createdAdminKey! }, scheme);
    const paths = ['/', `/projects/${grid.id}`, `/sweeps/${sweep.id}`, `/sweeps/${sweep.id}?compare=${trials.edges[0]!.node.id}`, `/trials/${trials.edges[0]!.node.id}`, '/settings', '/agents', ...(pruned ? [`/trials/${pruned}`] : [])];
    for (const path of paths) {
      await page.goto(`${webUrl}${path}`);
      await page.locator('h1').first().waitFor({ timeout: 10_000 });
      found[path] = await seriousA11yViolations(page);
    }
    if (scheme === 'dark') {
      await page.goto(`${webUrl}/sweeps/${sweep.id}`);
      await page.locator('figure.parallel svg').waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(SHOTS, 'sweep-dark.png'), fullPage: true });
    }
    await context.close();
    assert.deepEqual(Object.entries(found).filter(([, v]) => v.length > 0), []);
  });
}

test('new sweep: problems are marked at their line as you type; a fixed config creates the sweep', async () => {
  const { gql } = live;
  const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "editor"}) { id } }');
  const { context, page } = await signedIn({ key: live.stack.createdAdminKey! });
  await page.goto(`${webUrl}/projects/${createProject.id}`);
  await page.getByRole('link', { name: 'New sweep' }).click();
  await page.getByRole('heading', { name: 'New sweep' }).waitFor({ timeout: 10_000 });
  await page.getByRole('group', { name: 'Templates' }).getByRole('button', { name: 'Bayes with ASHA' }).click();
  await page.getByText('No problems found.').waitFor({ timeout: 10_000 });

  // A W&B config pasted in, with a typo in the goal and a reversed range.
  const wandb = 'method: bayes\nmetric:\n  name: val_loss\n  goal: minimise\nparameters:\n  lr:\n    min: 0.1\n    max: 0.01\ncommand: [node, -e, "0"]\n';
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.locator('.cm-content').fill(wandb);
  const problems = page.getByRole('list', { name: 'Config problems' });
  await problems.waitFor({ timeout: 10_000 });
  const listed = await problems.innerText();
  assert.match(listed, /metric\.goal/);
  assert.match(listed, /parameters\.lr/);
  // The goal's problem sits on line 4 of the editor, where the lint gutter marks it.
  await page.locator('.cm-lint-marker-error').first().waitFor({ timeout: 10_000 });
  const markedLines = await page.locator('.cm-gutter-lint .cm-gutterElement').evaluateAll((els) => els.map((e, i) => ({ i, marked: e.querySelector('.cm-lint-marker-error') !== null })).filter((x) => x.marked).length);
  assert.ok(markedLines >= 2, 'both problems are marked in the gutter');
  await page.getByRole('button', { name: 'Create sweep' }).click();
  await page.getByText(/2 problems|problems/).first().waitFor();
  assert.match(page.url(), /\/new$/, 'a refused config stays in the editor');
  await page.screenshot({ path: join(SHOTS, 'new-sweep-problems.png'), fullPage: true });

  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.locator('.cm-content').fill(wandb.replace('minimise', 'minimize').replace('min: 0.1', 'min: 0.001'));
  await page.getByText('No problems found.').waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Create sweep' }).click();
  await page.waitForURL(/\/sweeps\//, { timeout: 10_000 });
  await page.locator('h1').waitFor();
  assert.deepEqual(await seriousA11yViolations(page), []);
  // Its trainer (node -e 0) reports nothing and it has no run_cap: the sweep ends FAILED by
  // itself after a few trials, and the page says why without a reload.
  await page.locator('h1 .status-reason', { hasText: "without reporting val_loss, the sweep's metric" }).waitFor({ timeout: 30_000 });
  assert.match(await page.locator('h1').innerText(), /failed/i);
  await context.close();
});

test('a running sweep page follows the sweep live over the subscriptions: new trials and the end show without a reload', async () => {
  const { gql } = live;
  const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "live-page"}) { id } }');
  const config = JSON.stringify({
    name: 'live', method: 'grid', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { values: [1, 2, 3, 4] }, tag: { value: 'const' } }, max_concurrent: 1,
    command: ['node', '-e', 'const x = JSON.parse(process.env.ANNEAL_PARAMS).x; setTimeout(() => console.log("@anneal " + JSON.stringify({ step: 0, loss: x })), 1500)'],
  });
  const { createSweep } = await gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config } });
  const { context, page } = await signedIn({ key: live.stack.createdAdminKey! });
  await page.goto(`${webUrl}/sweeps/${createSweep.id}`);
  await page.locator('.live[data-connected="true"]').waitFor({ timeout: 10_000 });
  await page.evaluate(() => { (globalThis as unknown as { stillHere: boolean }).stillHere = true; });
  await page.locator('h1', { hasText: /completed/i }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('table.data:not(.importance) tbody tr').count(), 4, 'all four trials appeared');
  // With four completed trials the sweep page says which parameter matters.
  const importance = page.getByRole('table', { name: 'parameter importance for loss' });
  assert.match(await importance.innerText(), /^x\s+\d+\.\d %/);
  assert.equal(await page.evaluate(() => (globalThis as unknown as { stillHere?: boolean }).stillHere), true, 'no reload: the same document updated');
  const stream = await fetch(`${webUrl}/live?sweep=${createSweep.id}`);
  assert.equal(stream.status, 401, 'the stream needs the signed-in cookie');
  await stream.body?.cancel();
  await context.close();
});

test('members keep notes and tags on trials; the leaderboard shows tags and filters by one; a viewer reads them without a form', async () => {
  const { gql } = live;
  const { projects } = await gql<{ projects: Array<{ name: string; sweeps: Array<{ id: string; name: string }> }> }>('{ projects { name sweeps { id name } } }');
  const grid = projects.find((p) => p.name === 'bert-sst2')!.sweeps.find((s) => s.name === 'lr-grid')!;
  const { sweep } = await gql<{ sweep: { bestTrial: { id: string; number: number } } }>('query($id: ID!) { sweep(id: $id) { bestTrial { id number } } }', { id: grid.id });
  const { context, page } = await signedIn({ key: live.stack.createdAdminKey! });
  await page.goto(`${webUrl}/trials/${sweep.bestTrial.id}`);
  const form = page.getByRole('form', { name: 'Notes and tags of this trial' });
  await form.getByLabel('Notes').fill('best lr; rerun with 3 seeds');
  await form.getByLabel(/^Tags/).fill('best-lr, rerun');
  await form.getByRole('button', { name: 'Save notes and tags' }).click();
  await form.getByText('Saved.').waitFor({ timeout: 10_000 });
  await form.getByLabel(/^Tags/).fill('has space!');
  await form.getByRole('button', { name: 'Save notes and tags' }).click();
  await form.getByText(/may hold letters, digits/).waitFor({ timeout: 10_000 });

  await page.goto(`${webUrl}/sweeps/${grid.id}`);
  await page.locator('table.data tbody a.tag', { hasText: 'best-lr' }).click();
  await page.waitForURL(/tag=best-lr/);
  const rows = await page.locator('table.data tbody tr').allInnerTexts();
  assert.equal(rows.length, 1, 'only the tagged trial');
  assert.match(rows[0]!, new RegExp(`\\b${sweep.bestTrial.number}\\b`));
  await context.close();

  const { context: viewer, page: vp } = await signedIn({ email: 'grace@example.com', password: 'a long passphrase' });
  await vp.goto(`${webUrl}/trials/${sweep.bestTrial.id}`);
  await vp.getByText('best lr; rerun with 3 seeds').waitFor({ timeout: 10_000 });
  assert.equal(await vp.getByRole('form', { name: 'Notes and tags of this trial' }).count(), 0);
  await viewer.close();
});

test('the agents page lists each agent with its pool, slots in use and last heartbeat', async () => {
  const { context, page } = await signedIn({ key: live.stack.createdAdminKey! });
  await page.getByRole('link', { name: 'Agents' }).click();
  await page.getByRole('heading', { name: 'Agents' }).waitFor({ timeout: 10_000 });
  const rows = await page.locator('table.agents tbody tr').allInnerTexts();
  assert.equal(rows.length, 1, 'the stack runs one agent');
  assert.match(rows[0]!, /default/);
  assert.match(rows[0]!, /\d \/ 2/, 'slots in use of its two');
  assert.match(rows[0]!, /\d+ s ago/);
  assert.doesNotMatch(rows[0]!, /stale/);
  await context.close();
});

test('the PBT lineage shows each edge\'s parameter changes, parent to child', async () => {
  const { gql } = live;
  // Checkpoints every step, so the top member always has one to hand to a child.
  const trainer = `const fs = require('fs'); const path = require('path'); const p = JSON.parse(process.env.ANNEAL_PARAMS);
let step = 0; try { step = JSON.parse(fs.readFileSync(path.join(process.env.ANNEAL_RESTORE_DIR, 'state.json'), 'utf8')).step + 1; } catch {}
const tick = () => { console.log('@anneal ' + JSON.stringify({ step, score: p.lr * (step + 1) }));
  fs.writeFileSync(path.join(process.env.ANNEAL_CHECKPOINT_DIR, 'state.json'), JSON.stringify({ step }));
  console.log('@anneal ' + JSON.stringify({ checkpoint: true, step }));
  if (++step < 16) setTimeout(tick, 150); };
tick(); process.on('SIGTERM', () => process.exit(0));`;
  // The population runs side by side only if both of the agent's slots are free: a member that
  // ran alone (its partner waiting for a slot) has nobody to be compared with.
  await waitForIdleAgents(live, 60_000);
  const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "pbt-lineage"}) { id } }');
  const config = JSON.stringify({
    name: 'pbt', method: 'pbt', metric: { name: 'score', goal: 'maximize' }, run_cap: 5, max_concurrent: 2,
    pbt: { population_size: 2, interval: 4, quantile: 0.5, perturb: 0.2, resample_probability: 0 },
    parameters: { lr: { min: 0.1, max: 1 }, width: { values: [16, 32] } }, command: ['node', '-e', trainer],
  });
  const { createSweep } = await gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config } });
  type View = { sweep: { status: string; trials: { edges: Array<{ node: { id: string; number: number; parentTrialId: string | null } }> } } };
  let view: View | undefined;
  for (let i = 0; i < 600; i++) {
    view = await gql<View>('query($id: ID!) { sweep(id: $id) { status trials(first: 20) { edges { node { id number parentTrialId } } } } }', { id: createSweep.id });
    if (!['PENDING', 'RUNNING'].includes(view.sweep.status)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const child = view!.sweep.trials.edges.find((e) => e.node.parentTrialId !== null);
  assert.ok(child, `PBT made a child: ${view!.sweep.status}\n${await live.diagnose(createSweep.id)}`);
  const { context, page } = await signedIn({ key: live.stack.createdAdminKey! });
  await page.goto(`${webUrl}/sweeps/${createSweep.id}`);
  const item = page.locator('ul.lineage li', { has: page.getByRole('link', { name: `#${child.node.number}`, exact: true }) }).last();
  assert.match(await item.locator('.edge-changes').first().innerText(), /lr [\d.]+ → [\d.]+/, 'the edge names the perturbed learning rate, from and to');
  await page.locator('section', { has: page.getByRole('heading', { name: /^Lineage/ }) }).screenshot({ path: join(SHOTS, 'pbt-lineage.png') });
  await context.close();
});

test('a multi-objective sweep page shows its objectives, the Pareto front as a chart and a table, and orders the leaderboard by it', async () => {
  const { gql } = live;
  const trainer = `const p = JSON.parse(process.env.ANNEAL_PARAMS);
console.log('@anneal ' + JSON.stringify({ step: 0, loss: (p.x - 0.8) ** 2, cost: p.x + 0.1, mem: 2 * p.x }));`;
  const { createProject } = await gql<{ createProject: { id: string } }>('mutation { createProject(input: {name: "pareto"}) { id } }');
  const config = JSON.stringify({
    name: 'loss-vs-cost', method: 'bayes', run_cap: 10, max_concurrent: 2, command: ['node', '-e', trainer],
    metrics: [{ name: 'loss', goal: 'minimize' }, { name: 'cost', goal: 'minimize' }],
    parameters: { x: { distribution: 'uniform', min: 0, max: 1 } },
    // x above 0.5 breaks it: those trials are drawn apart from the front, which stops at 0.5.
    constraints: [{ name: 'mem', max: 1 }],
  });
  const { createSweep } = await gql<{ createSweep: { id: string } }>('mutation($i: CreateSweepInput!) { createSweep(input: $i) { id } }', { i: { projectId: createProject.id, config } });
  type View = { sweep: { status: string; paretoFront: Array<{ number: number }>; trialCounts: { infeasible: number } } };
  let view: View | undefined;
  for (let i = 0; i < 600; i++) {
    view = await gql<View>('query($id: ID!) { sweep(id: $id) { status paretoFront { number } trialCounts { infeasible } } }', { id: createSweep.id });
    if (!['PENDING', 'RUNNING'].includes(view.sweep.status)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(view!.sweep.status, 'COMPLETED');
  // loss falls and cost rises with x (up to 0.8): every completed trial with x <= 0.8 is on the front.
  assert.ok(view!.sweep.paretoFront.length >= 2, `a front of ${view!.sweep.paretoFront.length}`);
  const { context, page } = await signedIn({ key: live.stack.createdAdminKey! });
  await page.goto(`${webUrl}/sweeps/${createSweep.id}`);
  await page.getByRole('heading', { name: /^Pareto front/ }).waitFor({ timeout: 10_000 });
  const section = page.locator('section', { has: page.getByRole('heading', { name: /^Pareto front/ }) });
  await section.locator('svg').first().waitFor({ timeout: 10_000 });
  const firstRow = await page.locator('table.data tbody tr').first().locator('td.num a').first().innerText();
  assert.ok(view!.sweep.paretoFront.some((t) => String(t.number) === firstRow), `the leaderboard starts on the front (row #${firstRow})`);
  assert.ok(view!.sweep.trialCounts.infeasible > 0, 'the initial design reaches x > 0.5');
  await section.getByText('infeasible (broke a constraint)').first().waitFor({ timeout: 10_000 });
  assert.deepEqual(await seriousA11yViolations(page), []);
  await section.screenshot({ path: join(SHOTS, 'pareto-front.png') });
  await context.close();
});
