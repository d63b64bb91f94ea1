/** `npm start`: one process serving the built client, the game endpoint and the HTTP API. */
import { startApp } from './app';
import { parsePublicUrl } from './http/addresses';
import { openRecorder } from './replay/store';

const port = Number(process.env.PORT ?? 2567);
const host = process.env.HOST ?? '0.0.0.0';
const redisUrl = process.env.REDIS_URL;
/** ALLOWED_ORIGINS: comma-separated origins whose pages may use the game (SECURITY.md). */
const allowedOrigins = (process.env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o.length > 0);
/** A whole number from the environment, or undefined (unset or not a number: the default). */
const envInt = (name: string): number | undefined => {
  const v = process.env[name];
  const n = v === undefined || v.trim() === '' ? Number.NaN : Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};
const maxClasses = envInt('MAX_CLASSES');
const perCreator = envInt('MAX_CLASSES_PER_CREATOR');
const perAddress = envInt('MAX_CONNECTIONS_PER_ADDRESS');
const tokenDays = envInt('REPLAY_TOKEN_DAYS');
/**
 * PUBLIC_URL: the address students open (README "Security"). A wrong one stops the server with
 * the reason: a join link nobody can open is worse than no start.
 */
const publicUrl = process.env.PUBLIC_URL?.trim() || undefined;
if (publicUrl !== undefined) {
  const checked = parsePublicUrl(publicUrl);
  if ('error' in checked) {
    console.error(`SYN/ACK did not start: ${checked.error}. Fix PUBLIC_URL or unset it.`);
    process.exit(1);
  }
}
const app = await startApp({
  port,
  host,
  handleSignals: true,
  recorder: openRecorder(),
  ...(allowedOrigins.length > 0 ? { allowedOrigins } : {}),
  ...(process.env.CLIENT_ID_SECRET ? { clientIdSecret: process.env.CLIENT_ID_SECRET } : {}),
  classLimits: { ...(maxClasses !== undefined ? { perProcess: maxClasses } : {}), ...(perCreator !== undefined ? { perCreator } : {}) },
  ...(perAddress !== undefined ? { connectionLimits: { perAddress } } : {}),
  ...(tokenDays !== undefined ? { replayTokenDays: tokenDays } : {}),
  ...(publicUrl !== undefined ? { publicUrl } : {}),
  // SCENARIOS_DIR: scenario files listed for every class (README "Teachers' own scenarios").
  ...(process.env.SCENARIOS_DIR?.trim() ? { scenariosDir: process.env.SCENARIOS_DIR.trim() } : {}),
  ...(redisUrl ? { redisUrl, publicAddress: process.env.PUBLIC_ADDRESS ?? `localhost:${port}` } : {}),
});
console.log(`SYN/ACK is running: open ${app.url} (PORT=${app.port})${app.guard.allowlist ? `; pages allowed from ${app.guard.allowlist.join(', ')}` : ''}`);
// Every address students can use; the dashboard's join link and QR code use the first unless the teacher picks another.
const addresses = app.addresses();
if (addresses.every((a) => a.loopback)) {
  console.log(`Students: only ${addresses[0]?.url ?? app.url}, which phones and other computers cannot open. Set PUBLIC_URL (README), or run on the class's network with HOST=0.0.0.0.`);
} else {
  console.log('Students open (the join link and QR code use the first; the dashboard can pick another):');
  for (const a of addresses) console.log(`  ${a.url}${a.kind === 'public' ? '  (PUBLIC_URL)' : ''}`);
}

// Colyseus ends the classes and exits on SIGTERM/SIGINT; should that hang (e.g. scale-out while
// Redis is unreachable, where its shutdown waits for Redis), exit anyway: every event of every
// replay was stored before it was broadcast, so nothing is lost by leaving now.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    setTimeout(() => {
      console.log(`SYN/ACK: shutdown did not finish within 20 s of ${signal}; exiting`);
      process.exit(1);
    }, 20_000).unref();
  });
}
