import { createAskTellSession } from '@anneal/core';
import { SWEEP_TRAINERS } from '@anneal/protocol';
import { createInterface } from 'node:readline';
import { CliError } from '../errors.js';
import { readConfigFile } from './sweep.js';

/**
 * The JSON-lines loop around the pure ask/tell session: one reply line per request line, and a
 * bad line gets {"error": ...} without ending the process.
 */
export async function askTell(configPath: string, seed: number): Promise<void> {
  const created = createAskTellSession(readConfigFile(configPath), seed, { trainers: SWEEP_TRAINERS });
  if (!created.ok) {
    throw new CliError('BAD_FLAG', `invalid sweep config ${configPath}:\n${created.problems.map((p) => `  ${p.path || '(document)'}: ${p.message}`).join('\n')}`);
  }
  const session = created.session;
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    process.stdout.write(`${JSON.stringify(session.handle(line))}\n`);
  }
}
