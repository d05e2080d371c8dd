import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDataSource } from '@anneal/db';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { TelemetryIngest } from '../ingest/telemetry-ingest.js';
import { cuttableLink, type CuttableLink } from './cuttable-link.js';
import { startHarness, type Harness } from './harness.js';
import { oneTrialSweep, sendTelemetry, waitFor } from './telemetry.js';

let h: Harness;
let link: CuttableLink;
let ingestDs: DataSource;
let ingest: TelemetryIngest;

before(async () => {
  h = await startHarness({ ingest: false });
  const url = new URL((h.ds.options as { url: string }).url);
  link = await cuttableLink({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = '127.0.0.1';
  url.port = String(link.port);
  ingestDs = createDataSource({ url: url.toString(), poolSize: 2 });
  await ingestDs.initialize();
  ingest = new TelemetryIngest({ ds: ingestDs, nc: h.nc, names: h.names, logger: pino({ level: process.env.ANNEAL_TEST_LOG ?? 'silent' }) });
  ingest.start();
});
after(async () => {
  await ingest.stop();
  await ingestDs.destroy();
  await link.close();
  await h.close();
});

test("a batch that fails to commit keeps its place: the trial's finish that follows it cannot land first and drop its metrics", async () => {
  const t = await oneTrialSweep(h, 'outage');
  const trial = async () => (await h.ds.query(`SELECT status, objective FROM trial WHERE id = $1`, [t.id]))[0] as { status: string; objective: number | null };
  await sendTelemetry(h, t, 0, { type: 'started', host: 'a', at: Date.now() });
  await waitFor('running', async () => (await trial()).status === 'RUNNING');

  // Ingest loses Postgres just as the metrics come, fails to store them several times over,
  // and has Postgres back when the finish follows.
  link.cut();
  await sendTelemetry(h, t, 1, { type: 'metrics', points: [{ key: 'acc', step: 0, value: 0.8, t: Date.now() }] });
  await waitFor('failed commits', async () => ingest.stats.commitFailures >= 3);
  link.mend();
  await sendTelemetry(h, t, 2, { type: 'finished', status: 'completed', exitCode: 0, logTail: [], at: Date.now() });

  await waitFor('completed', async () => (await trial()).status === 'COMPLETED');
  // Long enough for a batch handed back to JetStream (1 s) to have come round again.
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await trial()).objective, 0.8, 'the trial keeps the metric it reported before its finish');
  assert.deepEqual(await h.ds.query(`SELECT key, step, value FROM metric WHERE trial_id = $1`, [t.id]), [{ key: 'acc', step: 0, value: 0.8 }]);
  assert.equal(ingest.stats.dropped, 0, 'nothing was refused');
});

test('a message Postgres refuses on every try while it answers is filed as a dead letter after a few deliveries; its neighbours land at once', async () => {
  const t = await oneTrialSweep(h, 'poison');
  const trial = async () => (await h.ds.query(`SELECT status, objective FROM trial WHERE id = $1`, [t.id]))[0] as { status: string; objective: number | null };
  // A fault of this one message, not of the database: a trigger refuses the key.
  await h.ds.query(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    IF NEW.key = 'poison' THEN RAISE EXCEPTION 'the poison key is refused'; END IF; RETURN NEW; END $$`);
  await h.ds.query(`CREATE TRIGGER refuse_poison BEFORE INSERT ON metric FOR EACH ROW EXECUTE FUNCTION refuse_poison()`);
  try {
    const before = ingest.stats.deadLettered;
    await sendTelemetry(h, t, 0, { type: 'started', host: 'a', at: Date.now() });
    await sendTelemetry(h, t, 1, { type: 'metrics', points: [{ key: 'poison', step: 0, value: 1, t: Date.now() }] });
    await sendTelemetry(h, t, 2, { type: 'metrics', points: [{ key: 'acc', step: 0, value: 0.7, t: Date.now() }] });
    await waitFor('the neighbour', async () => (await trial()).objective === 0.7);
    // The trial still runs, so the refused message keeps coming back until it is filed.
    await waitFor('the dead letter', async () => ingest.stats.deadLettered > before, 30_000);
    const jsm = await h.nc.jetstreamManager();
    const info = await jsm.streams.info(h.names.deadLetterStream);
    const last = await jsm.streams.getMessage(h.names.deadLetterStream, { seq: info.state.last_seq });
    assert.match(last.header.get('Anneal-Reason'), /^could not be stored after 5 deliveries: .*poison key is refused/);
    assert.equal((await jsm.streams.info(h.names.telemetryStream)).state.messages, 0, 'nothing is left coming back');
  } finally {
    await h.ds.query(`DROP TRIGGER refuse_poison ON metric; DROP FUNCTION refuse_poison()`);
  }
});
