/** `npm start`: one process serving the built client, the game endpoint and the HTTP API. */
import { startApp } from './app';
import { openRecorder } from './replay/store';

const port = Number(process.env.PORT ?? 2567);
const host = process.env.HOST ?? '0.0.0.0';
const redisUrl = process.env.REDIS_URL;
const app = await startApp({
  port,
  host,
  handleSignals: true,
  recorder: openRecorder(),
  ...(redisUrl ? { redisUrl, publicAddress: process.env.PUBLIC_ADDRESS ?? `localhost:${port}` } : {}),
});
console.log(`SYN/ACK is running: open ${app.url} (PORT=${app.port})`);
