import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CliError } from './errors.js';
import { spawnTied } from './tied-children.js';

/** Serves the built Next.js UI (`next start`) against an API; the caller owns the process. */
export function startWeb(apiUrl: string, port: number, host = '127.0.0.1'): ChildProcess {
  const webDir = dirname(createRequire(import.meta.url).resolve('@anneal/web/package.json'));
  if (!existsSync(join(webDir, '.next', 'BUILD_ID'))) {
    throw new CliError('WEB_NOT_BUILT', 'the web UI is not built: run `npm run build` at the repository root first (or pass --no-web)');
  }
  const nextBin = createRequire(join(webDir, 'package.json')).resolve('next/dist/bin/next');
  return spawnTied(process.execPath, [nextBin, 'start', '-p', String(port), '-H', host], {
    cwd: webDir,
    env: { ...process.env, ANNEAL_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
