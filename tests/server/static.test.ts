import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../server/app';
import { IMMUTABLE, pickEncoding, REVALIDATE } from '../../server/http/static';

/*
 * The built client as the server sends it: hashed assets immutable for a year, and compressed when
 * the build wrote a compressed copy and the browser accepts it; the pages revalidated on every
 * visit. A real server on a client directory laid out as `npm run build` lays it out.
 */

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(url: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const SCRIPT = Buffer.from(`export const lines = [${Array.from({ length: 400 }, (_, i) => `"line ${i}"`).join(',')}];\n`);
const SMALL = Buffer.from('export const x = 1;\n');

describe('the built client', () => {
  let dir: string;
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'synack-static-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>SYN/ACK</title><script type="module" src="/assets/phaser-AbCd1234.js"></script>');
    writeFileSync(path.join(dir, 'assets', 'phaser-AbCd1234.js'), SCRIPT);
    writeFileSync(path.join(dir, 'assets', 'phaser-AbCd1234.js.gz'), gzipSync(SCRIPT));
    writeFileSync(path.join(dir, 'assets', 'phaser-AbCd1234.js.br'), brotliCompressSync(SCRIPT));
    writeFileSync(path.join(dir, 'assets', 'small-Xy_z9876.js'), SMALL);
    app = await startApp({ port: 0, host: '127.0.0.1', clientDir: dir, log: () => undefined });
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends a hashed asset brotli- or gzip-compressed as the browser accepts, immutable for a year', async () => {
    const br = await request(`${base}/assets/phaser-AbCd1234.js`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    expect(brotliDecompressSync(br.body).equals(SCRIPT)).toBe(true);
    expect(br.body.length).toBeLessThan(SCRIPT.length / 2);

    const gz = await request(`${base}/assets/phaser-AbCd1234.js`, { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe(IMMUTABLE);
    expect(gunzipSync(gz.body).equals(SCRIPT)).toBe(true);

    // Brotli refused: gzip.
    const refused = await request(`${base}/assets/phaser-AbCd1234.js`, { headers: { 'accept-encoding': 'br;q=0, gzip;q=0.5' } });
    expect(refused.headers['content-encoding']).toBe('gzip');
  });

  it('sends the asset as it is to a client that accepts no compression, or when the build wrote no compressed copy', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'gzip;q=0, br;q=0' }] as Record<string, string>[]) {
      const plain = await request(`${base}/assets/phaser-AbCd1234.js`, { headers });
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['cache-control']).toBe(IMMUTABLE);
      expect(plain.body.equals(SCRIPT)).toBe(true);
    }
    const small = await request(`${base}/assets/small-Xy_z9876.js`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['cache-control']).toBe(IMMUTABLE);
    expect(small.body.equals(SMALL)).toBe(true);
  });

  it('answers HEAD and a revalidation of a compressed asset', async () => {
    const head = await request(`${base}/assets/phaser-AbCd1234.js`, { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(head.body.length).toBe(0);
    const etag = head.headers.etag;
    expect(etag).toBeTruthy();
    const again = await request(`${base}/assets/phaser-AbCd1234.js`, { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag as string } });
    expect(again.status).toBe(304);
  });

  it('revalidates the pages on every visit (a new build shows at once)', async () => {
    for (const p of ['/', '/index.html']) {
      const page = await request(`${base}${p}`, { headers: { 'accept-encoding': 'gzip, br' } });
      expect(page.status, p).toBe(200);
      expect(page.headers['cache-control'], p).toBe(REVALIDATE);
      expect(page.body.toString()).toContain('/assets/phaser-AbCd1234.js');
      const again = await request(`${base}${p}`, { headers: { 'if-none-match': page.headers.etag as string } });
      expect(again.status, p).toBe(304);
    }
  });

  it('answers a missing or malformed asset name as before', async () => {
    expect((await request(`${base}/assets/nothing-AbCd1234.js`, { headers: { 'accept-encoding': 'gzip' } })).status).toBe(404);
    // Nothing outside the client's directory.
    expect([403, 404]).toContain((await request(`${base}/assets/..%2F..%2Fpackage.json`, { headers: { 'accept-encoding': 'gzip' } })).status);
    expect([403, 404]).toContain((await request(`${base}/assets/..%2F..%2Fpackage.json.gz`, { headers: { 'accept-encoding': 'gzip' } })).status);
    const bad = await request(`${base}/assets/%E0%A4%A`, { headers: { 'accept-encoding': 'gzip' } });
    expect([400, 404]).toContain(bad.status);
    expect(bad.body.toString()).not.toMatch(/%E0|URIError/);
    expect((await request(`${base}/assets/phaser-AbCd1234.js`, { method: 'POST', headers: { 'accept-encoding': 'gzip' } })).status).toBe(404);
  });
});

describe('pickEncoding', () => {
  const both = { br: true, gzip: true };
  it('prefers brotli, then gzip, among what exists and is accepted', () => {
    expect(pickEncoding('gzip, deflate, br', both)).toBe('br');
    expect(pickEncoding('gzip, deflate, br', { br: false, gzip: true })).toBe('gzip');
    expect(pickEncoding('gzip, deflate', both)).toBe('gzip');
    expect(pickEncoding('*', both)).toBe('br');
    expect(pickEncoding('br;q=0, *', both)).toBe('gzip');
    expect(pickEncoding('BR;Q=0.8', both)).toBe('br');
  });
  it('sends nothing compressed when nothing fits', () => {
    expect(pickEncoding(undefined, both)).toBeNull();
    expect(pickEncoding('', both)).toBeNull();
    expect(pickEncoding('identity', both)).toBeNull();
    expect(pickEncoding('gzip;q=0, br;q=0', both)).toBeNull();
    expect(pickEncoding('*;q=0', both)).toBeNull();
    expect(pickEncoding('gzip;q=abc', both)).toBeNull();
    expect(pickEncoding(['gzip'], both)).toBeNull();
    expect(pickEncoding('br', { br: false, gzip: false })).toBeNull();
  });
});
