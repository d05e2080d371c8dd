import { createSweep, waitForSweep, type LiveStack } from '../support/live-stack.js';
import { round } from './stats.js';

/**
 * End to end: trainers print `@anneal` lines as fast as they can; the agents parse and batch
 * them, JetStream carries them, ingest commits them to Postgres and acks. Throughput is points
 * committed per second between the first trial start and the last point's commit.
 */
export async function ingestThroughput(b: LiveStack, o: { trials: number; linesPerTrial: number; keysPerLine: number }) {
  const trainer = `
const keys = ${o.keysPerLine};
const out = [];
for (let step = 0; step < ${o.linesPerTrial}; step++) {
  const rec = { step };
  for (let k = 0; k < keys; k++) rec['m' + k] = Math.sin(step + k);
  out.push('@anneal ' + JSON.stringify(rec));
  if (out.length === 1000) { process.stdout.write(out.join('\\n') + '\\n'); out.length = 0; }
}
process.stdout.write(out.join('\\n') + '\\n');`;
  const sweepId = await createSweep(b, {
    method: 'grid', metric: { name: 'm0', goal: 'minimize' },
    parameters: { i: { values: Array.from({ length: o.trials }, (_, i) => i) } },
    command: ['node', '-e', trainer], max_concurrent: o.trials,
  });
  // A sweep completes only after ingest committed every trial's `finished`, which follows all of
  // its points in the stream: completion time is when the last point was committed.
  const status = await waitForSweep(b, sweepId, 600_000);
  const doneAt = Date.now();
  const [row] = await b.stack.ds.query(
    `SELECT count(*)::int AS points,
            $2::float8 / 1000 - extract(epoch FROM (SELECT min(started_at) FROM trial WHERE sweep_id = $1)) AS seconds
       FROM metric m JOIN trial t ON t.id = m.trial_id WHERE t.sweep_id = $1`,
    [sweepId, doneAt],
  );
  const expected = o.trials * o.linesPerTrial * o.keysPerLine;
  return {
    status,
    points: row.points as number,
    expectedPoints: expected,
    seconds: round(Number(row.seconds), 3),
    pointsPerSecond: Math.round(row.points / Number(row.seconds)),
    ingest: { ...b.stack.ingest.stats, commitMs: Math.round(b.stack.ingest.stats.commitMs) },
  };
}
