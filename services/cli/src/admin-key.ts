import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Saves a newly generated admin key where the CLI looks for one; returns the file. */
export function saveAdminKey(home: string, key: string): string {
  const file = join(home, 'admin-key');
  mkdirSync(home, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return file;
}
