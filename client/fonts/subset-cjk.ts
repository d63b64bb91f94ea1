/**
 * Builds client/src/fonts/synack-cjk.woff2, the bundled CJK fallback font: Noto Sans CJK SC
 * Regular cut down to the characters the interface uses (cjk-chars.ts), plus ASCII so that a
 * mixed line keeps one baseline. Run by hand after adding Chinese text (a test fails until then):
 *
 *   apt-get install -y fonts-noto-cjk python3-fonttools python3-brotli   # Debian: the source font and fontTools.subset
 *   PYTHON=/usr/bin/python3 npx tsx client/fonts/subset-cjk.ts   # PYTHON: a python3 with fontTools (default python3)
 *
 * The result and its character list (synack-cjk.txt) are committed; nothing here runs in a build
 * or in CI, and nothing is fetched from another host.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cjkChars } from './cjk-chars';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = process.env.CJK_SOURCE ?? '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
/** The Simplified Chinese face inside the collection (0 JP, 1 KR, 2 SC, 3 TC, 4 HK). */
const FACE = process.env.CJK_FACE ?? '2';
const OUT = join(ROOT, 'client/src/fonts/synack-cjk.woff2');

const chars = cjkChars(ROOT);
const tmp = mkdtempSync(join(tmpdir(), 'synack-cjk-'));
try {
  const text = join(tmp, 'chars.txt');
  writeFileSync(text, chars.join(''));
  execFileSync(process.env.PYTHON ?? 'python3', ['-m', 'fontTools.subset',
    SOURCE, `--font-number=${FACE}`, `--text-file=${text}`, '--unicodes=U+0020-007E',
    '--flavor=woff2', `--output-file=${OUT}`,
    '--layout-features=*', '--no-hinting', '--desubroutinize', '--name-IDs=0,1,2,3,4,5,6', '--drop-tables+=DSIG',
  ], { stdio: 'inherit' });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
writeFileSync(join(ROOT, 'client/src/fonts/synack-cjk.txt'), `${chars.join('')}\n`);
console.log(`${chars.length} CJK characters → ${OUT} (${statSync(OUT).size} bytes)`);
