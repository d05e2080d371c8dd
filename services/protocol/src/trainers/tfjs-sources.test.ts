import assert from 'node:assert/strict';
import { BlockList } from 'node:net';
import { describe, it } from 'node:test';
import { parseSweepConfig } from '@anneal/core';
import fc from 'fast-check';
import { SWEEP_TRAINERS } from './index.js';
import { isHttpSource, refusedAddressReason, refusedHostReason, tfjsSourceProblem } from './tfjs-sources.js';

const sweep = (trainer: Record<string, unknown>) =>
  parseSweepConfig({ method: 'random', parameters: { lr: { min: 1e-4, max: 1e-2 } }, trainer: { type: 'tfjs', model: 'm/model.json', dataset: 'd.jsonl', ...trainer } }, { trainers: SWEEP_TRAINERS });
const problems = (r: ReturnType<typeof sweep>) => (r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`));

describe('tfjs model and dataset sources', () => {
  it('accepts paths and http(s) URLs, private and loopback hosts included', () => {
    for (const ok of ['base/model.json', '/data/train.jsonl', '~/x.jsonl', 'http://127.0.0.1:8080/model.json', 'https://models.example.com/base/model.json', 'http://10.0.0.5/d.jsonl', 'http://[::1]:9000/m.json']) {
      assert.equal(tfjsSourceProblem(ok), null, ok);
    }
    assert.ok(isHttpSource('HTTPS://x/y'));
    assert.ok(!isHttpSource('/srv/http://x'));
  });

  it('refuses file://, other schemes, link-local and metadata addresses, saying why', () => {
    const cases: [string, RegExp][] = [
      ['file:///etc/passwd', /file:\/\/ URLs are refused: give a path on the agent's machine/],
      ['FILE:/etc/passwd', /file:\/\/ URLs are refused/],
      ['s3://bucket/train.jsonl', /s3:\/\/ URLs are not supported: use http\(s\) or a path/],
      ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a cloud metadata address/],
      ['http://169.254.10.1:8080/m.json', /169\.254\.10\.1 is a link-local address \(169\.254\.0\.0\/16\)/],
      // The URL parser turns other spellings of an IPv4 address into dotted decimal first.
      ['http://0xa9fea9fe/', /169\.254\.169\.254 is a cloud metadata address/],
      ['http://2852039166/', /169\.254\.169\.254 is a cloud metadata address/],
      ['http://[fe80::1]/m.json', /\[fe80::1\] is a link-local address \(fe80::\/10\)/],
      ['http://[fd00:ec2::254]/', /is a cloud metadata address/],
      ['http://[::ffff:169.254.169.254]/', /is a cloud metadata address/],
      ['http://metadata.google.internal/computeMetadata/v1/', /metadata\.google\.internal is a cloud metadata server/],
      ['http://METADATA.google.internal./', /is a cloud metadata server/],
      ['http://exa mple.com/', /is not a valid URL/],
    ];
    for (const [value, expected] of cases) assert.match(tfjsSourceProblem(value) ?? 'accepted', expected, value);
  });

  it('knows IPv4 inside IPv6 and leaves names to the agent\'s resolver', () => {
    assert.match(refusedAddressReason('64:ff9b::a9fe:a9fe') ?? '', /metadata/);
    assert.match(refusedAddressReason('::169.254.1.1') ?? '', /link-local/);
    assert.match(refusedAddressReason('fe80::1%eth0') ?? '', /link-local/);
    assert.match(refusedAddressReason('febf:ffff::1') ?? '', /link-local/);
    assert.equal(refusedAddressReason('fec0::1'), null);
    assert.equal(refusedAddressReason('::1'), null);
    assert.equal(refusedAddressReason('169.253.255.255'), null);
    assert.equal(refusedHostReason('example.com'), null);
  });

  it('agrees with Node\'s BlockList on every IPv4 and IPv6 address', () => {
    const link = new BlockList();
    link.addSubnet('169.254.0.0', 16, 'ipv4');
    link.addSubnet('fe80::', 10, 'ipv6');
    link.addAddress('100.100.100.200', 'ipv4');
    link.addAddress('fd00:ec2::254', 'ipv6');
    // IPv4-compatible and NAT64 addresses reach the IPv4 host too; BlockList maps only ::ffff:a.b.c.d.
    for (const prefix of ['::', '64:ff9b::']) {
      link.addSubnet(`${prefix}a9fe:0`, 112, 'ipv6');
      link.addAddress(`${prefix}6464:64c8`, 'ipv6');
    }
    fc.assert(fc.property(fc.ipV4(), (ip) => (refusedAddressReason(ip) !== null) === link.check(ip, 'ipv4')), { numRuns: 2000 });
    // Biased towards the refused ranges, which uniform draws would almost never hit.
    const near = fc.oneof(fc.ipV6(), fc.tuple(fc.integer({ min: 0xfe40, max: 0xfec0 }), fc.ipV6()).map(([g, ip]) => `${g.toString(16)}${ip.replace(/^[^:]*/, '')}`),
      fc.ipV4().map((v4) => `::ffff:${v4}`));
    fc.assert(fc.property(near, (ip) => (refusedAddressReason(ip) !== null) === link.check(ip, 'ipv6')), { numRuns: 2000 });
  });
});

describe('trainer: {type: tfjs} sources in a sweep config', () => {
  it('names the key of each refused source', () => {
    const p = problems(sweep({ model: 'file:///models/base/model.json', dataset: 'http://169.254.169.254/d.jsonl', validation: 'http://[fe80::2]/v.jsonl' }));
    assert.deepEqual(p.map((x) => x.split(':')[0]), ['trainer.model', 'trainer.dataset', 'trainer.validation'], JSON.stringify(p));
    assert.match(p[0]!, /^trainer\.model: file:\/\/\/models\/base\/model\.json: file:\/\/ URLs are refused/);
  });

  it('takes an http model and dataset', () => {
    const r = sweep({ model: 'http://127.0.0.1:8123/base/model.json', dataset: 'https://data.example.com/train.jsonl' });
    assert.ok(r.ok, JSON.stringify(problems(r)));
  });
});
