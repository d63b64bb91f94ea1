import type http from 'node:http';
import helmet from 'helmet';

/**
 * The security headers of every response (pages, API, matchmaking), by helmet:
 *  - a Content-Security-Policy without inline script: the page runs only its own bundled files
 *    (nothing from another host, so no CDN, web font or telemetry could sneak in either); styles
 *    from its own files (element styles set by script are not affected); images also as data:/blob:
 *    URLs (the QR code, screenshots); workers from its own files and blob: URLs (trace import);
 *    connections only to itself (the websocket is the same origin);
 *  - `frame-ancestors 'none'` and `X-Frame-Options: DENY`: no other page can frame the host
 *    dashboard and trick a click on "End class";
 *  - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (a class code in a URL never
 *    leaves in a Referer), and helmet's cross-origin isolation defaults.
 * Not sent: HSTS and upgrade-insecure-requests — a school may serve the game over plain http on
 * its own network, and those would break it there.
 */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: false,
  xPoweredBy: false,
});

/** The same headers on a raw Node response (the matchmaking endpoint runs outside Express). */
export function setSecurityHeaders(req: http.IncomingMessage, res: http.ServerResponse): void {
  securityHeaders(req as never, res as never, () => undefined);
}
