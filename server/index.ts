/** `npm start`: one process serving the built client, the game endpoint and the HTTP API. */
import { startApp } from './app';
import { openRecorder } from './replay/store';

const port = Number(process.env.PORT ?? 2567);
const host = process.env.HOST ?? '0.0.0.0';
const redisUrl = process.env.REDIS_URL;
/** ALLOWED_ORIGINS: comma-separated origins whose pages may use the game (SECURITY.md). */
const allowedOrigins = (process.env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o.length > 0);
const app = await startApp({
  port,
  host,
  handleSignals: true,
  recorder: openRecorder(),
  ...(allowedOrigins.length > 0 ? { allowedOrigins } : {}),
  ...(process.env.CLIENT_ID_SECRET ? { clientIdSecret: process.env.CLIENT_ID_SECRET } : {}),
  ...(redisUrl ? { redisUrl, publicAddress: process.env.PUBLIC_ADDRESS ?? `localhost:${port}` } : {}),
});
console.log(`SYN/ACK is running: open ${app.url} (PORT=${app.port})${app.guard.allowlist ? `; pages allowed from ${app.guard.allowlist.join(', ')}` : ''}`);
