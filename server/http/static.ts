/**
 * The built client (client/dist). Vite names every file under /assets by a hash of its content, so
 * those are cached for a year as immutable: a browser that has the round scene's chunk (Phaser)
 * from an earlier visit does not ask for it again. The pages (index.html, review.html) are
 * revalidated on every visit (`no-cache`, with ETag), so a new build is picked up at once.
 *
 * Assets the build also wrote compressed (`x.js.br`, `x.js.gz`: client/vite.config.ts) are sent
 * compressed to a browser that accepts it — on a slow phone network the scene's chunk is a quarter
 * of its size. Only names of plain files in /assets are looked up; anything else goes on to
 * express.static as before.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';

/** Hashed assets: never change under their name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The pages: kept, but asked again (a 304 when unchanged) on every visit. */
export const REVALIDATE = 'no-cache';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/** A file name as vite writes it: no slash, no leading dot, one of the compressed kinds. */
const ASSET_NAME = /^[\w-][\w.-]*\.(?:js|css|svg|json)$/;

export type Encoding = 'br' | 'gzip';

/**
 * The encoding to send for an `Accept-Encoding` header: brotli, else gzip, among those that exist
 * and the request accepts (`;q=0` refuses one; `*` accepts any not named).
 */
export function pickEncoding(header: string | string[] | undefined, have: Record<Encoding, boolean>): Encoding | null {
  if (typeof header !== 'string' || header.length > 1000) return null;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const accepts = (enc: Encoding) => (q.get(enc) ?? q.get('*') ?? 0) > 0;
  for (const enc of ['br', 'gzip'] as const) if (have[enc] && accepts(enc)) return enc;
  return null;
}

/** Serve the built client in `dir` (its pages and /assets) with the caching and compression above. */
export function clientStatic(dir: string): express.Router {
  const router = express.Router();
  const assets = path.join(dir, 'assets');
  /** Which compressed copies exist, per asset name (only names of files that exist are kept). */
  const variants = new Map<string, Record<Encoding, boolean>>();
  router.use('/assets', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = req.path.slice(1);
    const type = TYPES[path.extname(name)];
    if (!ASSET_NAME.test(name) || !type) return next();
    let have = variants.get(name);
    if (!have) {
      const file = path.join(assets, name);
      if (!existsSync(file)) return next();
      have = { br: existsSync(`${file}.br`), gzip: existsSync(`${file}.gz`) };
      variants.set(name, have);
    }
    res.setHeader('Vary', 'Accept-Encoding');
    const enc = pickEncoding(req.headers['accept-encoding'], have);
    if (!enc) return next();
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Encoding', enc);
    res.setHeader('Cache-Control', IMMUTABLE);
    res.sendFile(path.join(assets, `${name}.${enc === 'br' ? 'br' : 'gz'}`), { cacheControl: false, acceptRanges: false, dotfiles: 'deny' }, (err) => {
      if (!err || res.headersSent) return;
      // The compressed copy went away (a new build): send the file as it is.
      variants.delete(name);
      res.removeHeader('Content-Encoding');
      res.removeHeader('Content-Type');
      next();
    });
  });
  router.use(express.static(dir, {
    index: 'index.html',
    cacheControl: false,
    setHeaders: (res, file) => {
      const inAssets = path.relative(assets, file);
      res.setHeader('Cache-Control', !inAssets.startsWith('..') && !path.isAbsolute(inAssets) ? IMMUTABLE : REVALIDATE);
    },
  }));
  return router;
}
