import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { isHttpSource, tfjsSourceProblem } from '@anneal/protocol';
import { checkDataPath, type DataRoots } from '../data-roots.js';
import { download, DownloadError, type DownloadLimits, type Resolver } from './download.js';
import { TrainerError, type TrainerErrorCode } from './errors.js';

/** How the trainer reads its model and dataset: where downloads go, and which local folders it may read. */
export interface SourceOptions {
  /** Folder for downloads (the trial's folder in a trial); default: the OS temp folder. */
  downloadDir?: string;
  /** The agent's `--data-root`s (real paths); empty: any local path. */
  dataRoots?: DataRoots;
  limits?: Partial<DownloadLimits>;
  resolve?: Resolver;
}

/** Where a source's bytes came from: the final URL after redirects, or the local path (what sibling files are found next to). */
export type SourceLocation = { url: URL } | { path: string };

/**
 * The bytes of a model file or dataset: an http(s) URL is streamed to a file in the download
 * folder (checked and capped, see download.ts), read and removed; a local path is read once it
 * is known to lie under a data root. Failures are TrainerErrors with `code` naming `what` ("dataset") and the source.
 */
export async function readSource(what: string, source: string | URL, code: TrainerErrorCode, o: SourceOptions = {}): Promise<{ bytes: Buffer; from: SourceLocation }> {
  const text = typeof source === 'string' ? source : source.href;
  const problem = tfjsSourceProblem(text);
  if (problem !== null) throw new TrainerError(code, `cannot read ${what} ${problem}`);
  if (isHttpSource(text)) {
    try {
      const got = await download(new URL(text), { dir: o.downloadDir ?? tmpdir(), ...(o.limits ? { limits: o.limits } : {}), ...(o.resolve ? { resolve: o.resolve } : {}) });
      try {
        return { bytes: await readFile(got.file), from: { url: got.url } };
      } finally {
        await rm(got.file, { force: true });
      }
    } catch (e) {
      throw new TrainerError(code, `${what}: ${e instanceof DownloadError ? e.message : `cannot fetch ${text}: ${(e as Error).message}`}`, { cause: e });
    }
  }
  const checked = checkDataPath(what, isAbsolute(text) ? text : resolve(text), o.dataRoots ?? []);
  if ('problem' in checked) throw new TrainerError(code, checked.problem);
  try {
    return { bytes: await readFile(checked.path), from: { path: checked.path } };
  } catch (e) {
    throw new TrainerError(code, `cannot read ${what} ${text}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}
