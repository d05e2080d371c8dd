import { startWeb } from '@anneal/cli';
import { freePort } from '@anneal/cli/embedded';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';
import type { LiveStack } from '../support/live-stack.js';
import { createSweep } from '../support/live-stack.js';
import { percentile, round } from './stats.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A finished sweep of `trials` trials, each with a `points`-step loss curve (trials × points metric rows). */
async function seedSweepWithCurves(b: LiveStack, trials: number, points: number): Promise<string> {
  const sweepId = await createSweep(b, {
    method: 'random', metric: { name: 'loss', goal: 'minimize' },
    parameters: { lr: { distribution: 'log_uniform_values', min: 1e-5, max: 1e-1 }, layers: { values: [2, 4, 8] }, dropout: { min: 0.0, max: 0.5 } },
    command: ['true'], max_concurrent: 1, run_cap: 1,
  });
  const ds = b.stack.ds;
  await ds.query(`UPDATE sweep SET status = 'COMPLETED', finished_at = now() WHERE id = $1`, [sweepId]);
  await ds.query(`DELETE FROM trial WHERE sweep_id = $1`, [sweepId]);
  const ids = Array.from({ length: trials }, () => randomUUID());
  await ds.query(
    `INSERT INTO trial (id, sweep_id, number, status, params, lease_token, objective, objective_step, told_searcher, started_at, finished_at)
     SELECT id, $2, n - 1, 'COMPLETED', jsonb_build_object('lr', 1e-5 * power(1e4, random()), 'layers', (ARRAY[2, 4, 8])[1 + n % 3], 'dropout', random() / 2),
            md5(id::text), 0, $3, true, now() - interval '1 hour', now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n)`,
    [ids, sweepId, points - 1],
  );
  await ds.query(
    `INSERT INTO metric (trial_id, key, step, value, reported_at)
     SELECT t.id, 'loss', s, (1 + random()) * exp(-s / 30.0) + random() * 0.05, now() FROM unnest($1::uuid[]) AS t(id), generate_series(0, $2 - 1) AS s`,
    [ids, points],
  );
  await ds.query(`INSERT INTO metric_series (trial_id, key, points) SELECT id, 'loss', $2 FROM unnest($1::uuid[]) AS t(id)`, [ids, points]);
  await ds.query(`UPDATE trial t SET objective = m.value FROM metric m WHERE m.trial_id = t.id AND m.key = 'loss' AND m.step = $2 AND t.sweep_id = $1`, [sweepId, points - 1]);
  await ds.query('ANALYZE trial; ANALYZE metric');
  return sweepId;
}

/**
 * The sweep page of a sweep with `trials` trials × `points` metric points, opened in Chromium
 * through the web UI: time from navigation until the leaderboard and every chart are drawn and
 * the page answers a click (the curves' log-scale toggle), and time of a re-sort.
 */
export async function sweepPageLoad(b: LiveStack, o: { trials: number; points: number; loads: number }) {
  const sweepId = await seedSweepWithCurves(b, o.trials, o.points);
  const port = await freePort();
  const webUrl = `http://127.0.0.1:${port}`;
  const web = startWeb(b.stack.apiUrl, port);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (let i = 0; ; i++) {
      try { if ((await fetch(`${webUrl}/signin`)).ok) break; } catch { if (i > 150) throw new Error('the web UI did not start'); }
      await new Promise((r) => setTimeout(r, 200));
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${webUrl}/signin`);
    await page.fill('input[name="apiKey"]', b.stack.createdAdminKey!);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Projects' }).waitFor({ timeout: 15_000 });
    const interactive: number[] = [];
    const resort: number[] = [];
    for (let i = 0; i <= o.loads; i++) {
      const t0 = Date.now();
      await page.goto(`${webUrl}/sweeps/${sweepId}`);
      await page.locator('table.data tbody tr').first().waitFor();
      const curves = page.locator('section', { has: page.getByRole('heading', { name: /^Curves/ }) });
      await curves.locator('svg').first().waitFor();
      // Drawn: the grid plus one path per curve (10) are in the SVG.
      while ((await curves.locator('svg path').count()) < 10) await new Promise((r) => setTimeout(r, 10));
      await page.locator('section', { has: page.getByRole('heading', { name: /^Parallel coordinates/ }) }).locator('svg').first().waitFor();
      // Hydrated: the client-side toggle redraws the axis.
      await curves.getByLabel('log scale').check();
      await curves.getByLabel('log scale').isChecked();
      const ms = Date.now() - t0;
      const t1 = Date.now();
      await page.getByRole('link', { name: 'layers' }).click();
      await page.waitForURL(/sort=param/);
      await page.locator('th[aria-sort="ascending"]').waitFor();
      if (i > 0) { interactive.push(ms); resort.push(Date.now() - t1); } // the first load warms Next's caches
    }
    await context.close();
    const stat = (xs: number[]) => ({ p50: round(percentile(xs, 50)), max: round(Math.max(...xs)) });
    return { trials: o.trials, points: o.trials * o.points, loads: o.loads, interactiveMs: stat(interactive), resortMs: stat(resort) };
  } finally {
    await browser.close();
    web.kill('SIGTERM');
  }
}
