import unhomoglyph from 'unhomoglyph';

/**
 * The keys under which two nicknames clash: their UTS #39 confusable skeletons, case folded. A
 * skeleton is NFD, then each character mapped to its prototype in Unicode's confusables table (the
 * `unhomoglyph` package carries that table), then NFD again. Case is folded both before and after
 * the mapping (the table maps capital I to l, but lower-case i to itself), so `аlice` with a
 * Cyrillic а, `ALICE`, `ａｌｉｃｅ`, `aIice` and `alice` all share a key. Never shown to anyone (TR39:
 * a skeleton is not text for people to read).
 */
export function nicknameSkeletons(nickname: string): string[] {
  const base = nickname.normalize('NFKC').normalize('NFD');
  const map = (x: string) => unhomoglyph(x).normalize('NFD');
  const lower = (x: string) => x.toLocaleLowerCase('en');
  return [...new Set([map(lower(base)), lower(map(base)), lower(map(lower(base)))])];
}

/** Whether two nicknames look alike (share a skeleton). */
export function nicknamesClash(a: string, b: string): boolean {
  const ka = nicknameSkeletons(a);
  return nicknameSkeletons(b).some((k) => ka.includes(k));
}

/** One key of a nickname (for a set of blocked names, checked with every key). */
export function nicknameSkeleton(nickname: string): string {
  return nicknameSkeletons(nickname)[0] as string;
}
