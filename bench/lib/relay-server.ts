/**
 * The reference: a raw `ws` relay in a process of its own. Clients connect to
 * `/?pair=ID&side=a|b&down=BYTES`; every message one side sends goes to the other side of its
 * pair, as a message of BYTES bytes that starts with the same 8-byte header. No rooms, no
 * validation, no game: the floor of "A → server → B" on this machine.
 */
import { ws, type WsSocket } from './ws';

const port = Number(process.env.PORT ?? 0);
const pairs = new Map<string, { a?: WsSocket; b?: WsSocket; down: number }>();
const server = new ws.WebSocketServer({ host: '127.0.0.1', port, maxPayload: 8 * 1024, perMessageDeflate: false });

server.on('connection', (socket, req) => {
  const q = new URLSearchParams((req.url ?? '').replace(/^[^?]*\?/, ''));
  const id = q.get('pair') ?? '';
  const side = q.get('side') === 'b' ? 'b' : 'a';
  const down = Math.min(8192, Math.max(8, Number(q.get('down') ?? 64)));
  const pair = pairs.get(id) ?? { down };
  pair[side] = socket;
  pairs.set(id, pair);
  socket.on('message', (data) => {
    const other = side === 'a' ? pair.b : pair.a;
    if (!other || other.readyState !== 1) return;
    const out = Buffer.alloc(pair.down);
    data.copy(out, 0, 0, Math.min(8, data.length));
    other.send(out);
  });
  socket.on('close', () => {
    if (pair[side] === socket) delete pair[side];
    if (!pair.a && !pair.b) pairs.delete(id);
  });
});
server.on('listening', () => console.log(`relay listening on 127.0.0.1:${port}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
