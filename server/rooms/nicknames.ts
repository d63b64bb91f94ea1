import unhomoglyph from 'unhomoglyph';

/**
 * The key under which two nicknames clash: their UTS #39 confusable skeletons, case folded. The
 * skeleton is NFD, then each character mapped to its prototype in Unicode's confusables table
 * (the `unhomoglyph` package carries that table), then NFD again; so `аlice` with a Cyrillic а,
 * `ALICE`, `ａｌｉｃｅ` and `alice` are one name. Never shown to anyone (TR39: a skeleton is not
 * text for people to read).
 */
export function nicknameSkeleton(nickname: string): string {
  const folded = nickname.normalize('NFKC').toLocaleLowerCase('en').normalize('NFD');
  return unhomoglyph(folded).normalize('NFD').toLocaleLowerCase('en');
}
