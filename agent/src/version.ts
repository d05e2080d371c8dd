import { readFileSync } from 'node:fs';

const FALLBACK_VERSION = '0.1.0';

/** The agent's package version, reported in presence so mixed-version fleets are visible. */
export function agentVersion(): string {
  try {
    // dist/version.js sits one level below the package root, as does src/version.ts.
    const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const version = (pkg as { version?: unknown }).version;
    return typeof version === 'string' ? version : FALLBACK_VERSION;
  } catch {
    return FALLBACK_VERSION;
  }
}
