/**
 * Builds client/src/fonts/synack-cjk.woff2, the bundled CJK fallback font: Noto Sans CJK SC
 * Regular cut down to the characters the interface uses (cjk-chars.ts), plus ASCII so that a
 * mixed line keeps one baseline; and synack-cjk-names.woff2, the rest of the 3,755 common
 * characters (GB 2312 level 1), for the names students type. Run by hand after adding Chinese text (a test fails until then):
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
const FONTS = join(ROOT, 'client/src/fonts');

/**
 * The 3,755 characters of GB 2312's first level (the common characters, in pinyin order): rows
 * 0xB0–0xD7 of the code, decoded by the runtime's own GBK decoder.
 */
function commonHanzi(): string[] {
  const gbk = new TextDecoder('gbk');
  const out: string[] = [];
  for (let row = 0xb0; row <= 0xd7; row++) {
    for (let col = 0xa1; col <= (row === 0xd7 ? 0xf9 : 0xfe); col++) out.push(gbk.decode(Uint8Array.of(row, col)));
  }
  return out;
}

/** Cut the source font down to `chars` (plus ASCII with `ascii`) into client/src/fonts/`file`. */
function subset(file: string, chars: string[], ascii: boolean): number {
  const out = join(FONTS, file);
  const tmp = mkdtempSync(join(tmpdir(), 'synack-cjk-'));
  try {
    const text = join(tmp, 'chars.txt');
    writeFileSync(text, chars.join(''));
    execFileSync(process.env.PYTHON ?? 'python3', ['-m', 'fontTools.subset',
      SOURCE, `--font-number=${FACE}`, `--text-file=${text}`, ...(ascii ? ['--unicodes=U+0020-007E'] : []),
      '--flavor=woff2', `--output-file=${out}`,
      '--layout-features=*', '--no-hinting', '--desubroutinize', '--name-IDs=0,1,2,3,4,5,6', '--drop-tables+=DSIG',
    ], { stdio: 'inherit' });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return statSync(out).size;
}

// The interface's own characters: fetched by every page in Chinese on a machine without a CJK font.
const chars = cjkChars(ROOT);
const size = subset('synack-cjk.woff2', chars, true);
writeFileSync(join(FONTS, 'synack-cjk.txt'), `${chars.join('')}\n`);
console.log(`${chars.length} CJK characters → client/src/fonts/synack-cjk.woff2 (${size} bytes)`);

// The common characters the interface does not use, for names people type: fetched only when a
// name on the page needs one of them (a second family after the first in the font stacks).
const ui = new Set(chars);
const names = commonHanzi().filter((c) => !ui.has(c));
const namesSize = subset('synack-cjk-names.woff2', names, false);
console.log(`${names.length} more common characters for names → client/src/fonts/synack-cjk-names.woff2 (${namesSize} bytes)`);
