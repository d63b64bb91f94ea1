/** Reading numbers typed by people: pure, so that it is tested without a page. */

export const MAX_UINT32 = 4294967295;
export const MAX_LEN = 65535;

/**
 * A whole number 0..max typed in a field, or null. Spaces and thin separators people type in long
 * numbers (`4 294 967 295`, `4,294,967,295`, `4_294_967_295`) are forgiven; signs, decimals and
 * exponents are not (a sequence number is never `1e3`).
 */
export function parseUint(raw: string, max: number): number | null {
  const s = raw.trim().replace(/[\s,_'\u2009\u202f]/g, '');
  if (!/^\d{1,10}$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) && n <= max ? n : null;
}

/** A number min..max (decimals allowed), or null. */
export function parseNumberIn(raw: string, min: number, max: number): number | null {
  const s = raw.trim();
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}
