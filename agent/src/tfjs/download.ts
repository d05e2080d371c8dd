import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { lookup as systemLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { refusedAddressReason, refusedUrlProblem } from '@anneal/protocol';

/** How long and how big a download of a model file or a dataset may get. */
export interface DownloadLimits {
  /** Bytes of one file; more fails the download (the body is counted as it arrives, not trusted from Content-Length). */
  maxBytes: number;
  /** Connecting, waiting for the response, or a stall mid-body longer than this fails it. */
  idleTimeoutMs: number;
  /** The whole download, redirects included. */
  totalTimeoutMs: number;
  maxRedirects: number;
}

export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = {
  // A dataset is read into one string, and V8's strings end a little above 512 MiB.
  maxBytes: 512 * 1024 * 1024,
  idleTimeoutMs: 30_000,
  totalTimeoutMs: 30 * 60_000,
  maxRedirects: 5,
};

/** Every address a hostname resolves to (the system resolver unless a test gives its own). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface DownloadOptions {
  /** Folder the file is written to (the trial's folder in a trial). */
  dir: string;
  limits?: Partial<DownloadLimits>;
  resolve?: Resolver;
}

const systemResolver: Resolver = (hostname) =>
  new Promise((ok, fail) => systemLookup(hostname, { all: true }, (err, addresses) => (err ? fail(err) : ok(addresses))));

/** A download that failed; the message says why in words meant for the trial's log. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
}

/**
 * The connection's own lookup: each address the name resolves to is checked and the socket
 * connects to a checked one, so a name that resolves to a public address once and to
 * 169.254.169.254 the next time (DNS rebinding) cannot slip through between check and connect.
 */
function checkedLookup(resolve: Resolver): LookupFunction {
  const choose = (hostname: string, addresses: LookupAddress[], family: number | undefined): LookupAddress[] => {
    const refused = addresses.find((a) => refusedAddressReason(a.address) !== null);
    if (refused !== undefined) {
      const why = refusedAddressReason(refused.address)!;
      throw new DownloadError(`${hostname} resolves to ${refused.address}, ${why}; the tfjs trainer does not fetch from link-local or cloud metadata addresses`);
    }
    const usable = addresses.filter((a) => family === undefined || family === 0 || a.family === family);
    if (usable.length === 0) throw new DownloadError(`${hostname} has no address`);
    return usable;
  };
  return (hostname, options, callback) => {
    void resolve(hostname).then(
      (addresses) => {
        let usable: LookupAddress[];
        try {
          usable = choose(hostname, addresses, options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family);
        } catch (e) {
          callback(e as NodeJS.ErrnoException, '');
          return;
        }
        if (options.all === true) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (e: unknown) => callback(e as NodeJS.ErrnoException, ''),
    );
  };
}

function get(url: URL, lookup: LookupFunction, limits: DownloadLimits, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // No shared agent: every connection goes through the checked lookup; identity encoding: the cap counts real bytes.
    const req = request(url, { agent: false, lookup, signal, timeout: limits.idleTimeoutMs, headers: { 'user-agent': 'anneal-agent (tfjs trainer)', 'accept-encoding': 'identity' } });
    const stalled = () => new DownloadError(`no data for ${limits.idleTimeoutMs / 1000} s`);
    const beforeResponse = () => req.destroy(stalled());
    req.on('timeout', beforeResponse);
    req.on('response', (res) => {
      // Mid-body the stall has to fail the response, which the caller is reading, with this reason.
      req.off('timeout', beforeResponse);
      res.on('timeout', () => res.destroy(stalled()));
      resolve(res);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Passes bytes through, counting them, and fails once there are more than `maxBytes`. */
function capped(maxBytes: number): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      counter.bytes += chunk.length;
      if (counter.bytes > maxBytes) done(new DownloadError(`it is larger than the ${maxBytes}-byte limit for one file`));
      else done(null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}

const REDIRECTS = [301, 302, 303, 307, 308];

/**
 * Streams an http(s) URL into a file under `dir` (never buffered whole): redirects are followed
 * by hand, each target checked like the first URL; refused addresses, sizes over the cap, stalls
 * and overall timeouts fail with a message naming the URL. Returns the file and the final URL
 * (what relative names in the file are resolved against).
 */
export async function download(url: URL, o: DownloadOptions): Promise<{ file: string; url: URL; bytes: number }> {
  const limits = { ...DEFAULT_DOWNLOAD_LIMITS, ...o.limits };
  const lookup = checkedLookup(o.resolve ?? systemResolver);
  const signal = AbortSignal.timeout(limits.totalTimeoutMs);
  await mkdir(o.dir, { recursive: true });
  const file = join(o.dir, `download-${randomUUID()}`);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const refused = refusedUrlProblem(current);
      if (refused !== null) throw new DownloadError(hop === 0 ? refused : `it redirects to ${current.href}: ${refused}`);
      const res = await get(current, lookup, limits, signal);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.includes(status)) {
        res.resume();
        const location = res.headers.location;
        if (location === undefined) throw new DownloadError(`HTTP ${status} without a Location header`);
        if (hop >= limits.maxRedirects) throw new DownloadError(`more than ${limits.maxRedirects} redirects`);
        current = new URL(location, current);
        continue;
      }
      if (status !== 200) {
        res.resume();
        throw new DownloadError(`HTTP ${status}${current.href !== url.href ? ` from ${current.href}` : ''}`);
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > limits.maxBytes) {
        res.destroy();
        throw new DownloadError(`it is ${declared} bytes, over the ${limits.maxBytes}-byte limit for one file`);
      }
      const partial = `${file}.partial`;
      const counter = capped(limits.maxBytes);
      await pipeline(res, counter, createWriteStream(partial)).catch(async (e: unknown) => {
        await rm(partial, { force: true });
        throw e;
      });
      await rename(partial, file);
      return { file, url: current, bytes: counter.bytes };
    }
  } catch (e) {
    throw new DownloadError(`cannot fetch ${url.href}: ${describeFailure(e, limits)}`, { cause: e });
  }
}

function describeFailure(e: unknown, limits: DownloadLimits): string {
  if (e instanceof DownloadError) return e.message;
  const err = e as NodeJS.ErrnoException;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `it took longer than ${limits.totalTimeoutMs / 1000} s`;
  return err.code !== undefined ? `${err.code}${err.message.includes(err.code) ? '' : ` (${err.message})`}` : err.message;
}
