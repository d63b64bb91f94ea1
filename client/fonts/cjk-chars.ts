import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The CJK characters the interface can show: every Han character, CJK punctuation and full-width
 * form in the sources of the text tables (client/src, shared/: the interface and review texts, rule
 * explanations, hints, scenario titles). Read from the sources, so a text added anywhere counts.
 */
const CJK = /[\u2E80-\u2FDF\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/gu;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : files(p);
    return /\.(tsx?|html)$/.test(name) ? [p] : [];
  });
}

/** The characters, sorted by code point, each once. `root`: the project's root folder. */
export function cjkChars(root: string): string[] {
  const found = new Set<string>();
  for (const dir of ['client/src', 'client/index.html', 'client/review.html', 'shared']) {
    const p = join(root, dir);
    for (const f of statSync(p).isDirectory() ? files(p) : [p]) for (const m of readFileSync(f, 'utf8').matchAll(CJK)) found.add(m[0]);
  }
  return [...found].sort((a, b) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0));
}
