import { normalizeClassCode } from '../../shared/index';

/**
 * The screens of the page, by URL. The hash names the screen (`#play=CODE`, `#host=CODE`,
 * `#projector=CODE`, `#homework`, `#join=CODE`); a join link `/?code=CODE` opens the landing page
 * with the code filled in.
 */
export type Route =
  | { name: 'landing'; code: string }
  | { name: 'play'; code: string }
  | { name: 'host'; code: string }
  | { name: 'projector'; code: string }
  | { name: 'homework' };

const CODE = /^[A-Za-z0-9 -]{1,32}$/;

function code(raw: string | null | undefined): string {
  const c = decodeURIComponent(raw ?? '').trim();
  return CODE.test(c) ? normalizeClassCode(c) : '';
}

export function parseRoute(search: string, hash: string): Route {
  const h = hash.replace(/^#/, '');
  const [key, value] = h.split('=', 2) as [string, string | undefined];
  if (key === 'homework') return { name: 'homework' };
  if ((key === 'play' || key === 'host' || key === 'projector') && code(value)) return { name: key, code: code(value) };
  if (key === 'join') return { name: 'landing', code: code(value) };
  return { name: 'landing', code: code(new URLSearchParams(search).get('code')) };
}

export function routeHash(r: Route): string {
  switch (r.name) {
    case 'homework':
      return '#homework';
    case 'landing':
      return r.code ? `#join=${r.code}` : '';
    default:
      return `#${r.name}=${r.code}`;
  }
}

/** The link students open (and the QR code encodes): the site with the code filled in. */
export function joinLink(origin: string, classCode: string): string {
  return `${origin}/?code=${encodeURIComponent(classCode)}`;
}
