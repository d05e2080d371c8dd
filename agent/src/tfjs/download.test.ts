import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { download, DownloadError, type Resolver } from './download.js';

const BODY = 'x'.repeat(10_000);

/** Routes of a real server on 127.0.0.1; the tests point the downloader at them. */
function route(path: string, res: ServerResponse, port: number): void {
  const redirect = (to: string, status = 302): void => void res.writeHead(status, { location: to }).end();
  switch (path) {
    case '/file': return void res.writeHead(200, { 'content-length': String(BODY.length) }).end(BODY);
    case '/relative-redirect': return redirect('/file', 301);
    case '/to-metadata': return redirect('http://169.254.169.254/latest/meta-data/iam/security-credentials/');
    case '/to-link-local-v6': return redirect('http://[fe80::1]:8080/model.json', 307);
    case '/to-file': return redirect('file:///etc/passwd');
    case '/to-named-host': return redirect(`http://models.test:${port}/file`);
    case '/loop': return redirect('/loop');
    case '/missing': return void res.writeHead(404).end('no');
    case '/chunked': {
      // No Content-Length: the cap must count the bytes as they come.
      res.writeHead(200);
      for (let i = 0; i < 10; i++) res.write(BODY);
      return void res.end();
    }
    case '/stall': {
      res.writeHead(200, { 'content-length': '100' });
      return void res.write('only part of it');
    }
    case '/silent': return; // never answers
    default: return void res.writeHead(500).end();
  }
}

describe('downloading a model file or dataset', () => {
  let server: Server;
  let base: string;
  let port: number;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'anneal-download-'));
    server = createServer((req, res) => route(req.url ?? '/', res, port));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const failure = async (path: string, opts: Partial<Parameters<typeof download>[1]> = {}): Promise<string> => {
    const e = await download(new URL(path, base), { dir, ...opts }).then(() => null, (err: unknown) => err);
    assert.ok(e instanceof DownloadError, `expected a DownloadError for ${path}, got ${String(e)}`);
    return e.message;
  };

  it('streams the body into a file and follows a relative redirect, giving the final URL', async () => {
    const got = await download(new URL('/relative-redirect', base), { dir });
    assert.equal(got.url.href, `${base}/file`);
    assert.equal(got.bytes, BODY.length);
    assert.equal(await readFile(got.file, 'utf8'), BODY);
  });

  it('refuses redirects to metadata, link-local and file:// addresses without connecting to them', async () => {
    assert.match(await failure('/to-metadata'), new RegExp(`^cannot fetch ${base}/to-metadata: it redirects to http://169\\.254\\.169\\.254/latest/meta-data/iam/security-credentials/: 169\\.254\\.169\\.254 is a cloud metadata address`));
    assert.match(await failure('/to-link-local-v6'), /it redirects to http:\/\/\[fe80::1\]:8080\/model\.json: \[fe80::1\] is a link-local address \(fe80::\/10\)/);
    assert.match(await failure('/to-file'), /it redirects to file:\/\/\/etc\/passwd: file:\/\/ URLs are refused/);
  });

  it('checks every address a hostname resolves to, at connection time', async () => {
    // The resolver stands in for DNS: a name that points at the metadata service, or at this server.
    const dns: Record<string, string[]> = { 'rebind.test': ['127.0.0.1', '169.254.169.254'], 'models.test': ['127.0.0.1'] };
    const resolve: Resolver = (host) => Promise.resolve((dns[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    assert.match(await failure(`http://rebind.test:${port}/file`, { resolve }), /rebind\.test resolves to 169\.254\.169\.254, a cloud metadata address; the tfjs trainer does not fetch from link-local or cloud metadata addresses/);
    const got = await download(new URL('/to-named-host', base), { dir, resolve });
    assert.equal(got.url.href, `http://models.test:${port}/file`, 'models.test was reached at the address the resolver gave');
    assert.equal(got.bytes, BODY.length);
  });

  it('fails over the size cap, by Content-Length or by counting, and leaves no partial file', async () => {
    assert.match(await failure('/file', { limits: { maxBytes: 1000 } }), /it is 10000 bytes, over the 1000-byte limit for one file/);
    const before = await readdir(dir);
    assert.match(await failure('/chunked', { limits: { maxBytes: 25_000 } }), /larger than the 25000-byte limit for one file/);
    assert.deepEqual((await readdir(dir)).filter((f) => !before.includes(f)), []);
  });

  it('names HTTP errors, redirect loops, stalls and servers that never answer', async () => {
    assert.match(await failure('/missing'), /: HTTP 404$/);
    assert.match(await failure('/loop'), /more than 5 redirects/);
    assert.match(await failure('/stall', { limits: { idleTimeoutMs: 300 } }), /no data for 0\.3 s/);
    assert.match(await failure('/silent', { limits: { idleTimeoutMs: 300 } }), /no data for 0\.3 s/);
    assert.match(await failure('/silent', { limits: { totalTimeoutMs: 300 } }), /it took longer than 0\.3 s/);
  });
});
