/**
 * Makes a real capture of one TCP conversation on loopback: starts `tcpdump` (pcap) or `dumpcap`
 * (pcapng) on `lo`, waits until it says it is listening, plays the conversation with Node sockets,
 * waits until the file holds the conversation's last segment, then stops the tool with SIGINT and
 * waits for it to exit. Run as a process (root; `tsx tests/support/loopback-capture.ts …`), alone
 * or under `unshare -n` (`--netns`: a private network namespace whose `lo` it brings up, needed by
 * the simultaneous close, which holds segments in a slow queue on that `lo` so the FINs cross).
 *
 *   --mode lifecycle|rst|simclose|abort|reopen|reopen-client-first  --tool tcpdump|dumpcap  --out FILE  [--netns]
 *
 * Prints one JSON line: { serverPort, clientPort }.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import dgram from 'node:dgram';
import { readCapture } from '../../shared/capture/index';

type Mode = 'lifecycle' | 'rst' | 'simclose' | 'abort' | 'reopen' | 'reopen-client-first';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const mode = arg('--mode') as Mode;
const tool = arg('--tool') as 'tcpdump' | 'dumpcap';
const out = arg('--out')!;
const inNetns = process.argv.includes('--netns');

/** Resolves once `pred` holds, checking every 20 ms; rejects after `ms`. */
async function until(what: string, pred: () => boolean, ms = 15_000): Promise<void> {
  const start = performance.now();
  while (!pred()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function startCapture(filter: string): Promise<ChildProcess> {
  const args =
    tool === 'tcpdump'
      ? ['-i', 'lo', '-n', '-Z', 'root', '-U', '--immediate-mode', '--time-stamp-precision=nano', '-w', out, filter]
      : ['-i', 'lo', '-q', '-w', out, '-f', filter];
  const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      // tcpdump: "listening on" once the filter is on the socket; dumpcap: "File:" once the
      // capture is open and the file made (its earlier "Capturing on" comes before the filter is set).
      if (/listening on|\nFile: /.test(err)) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`${tool} exited (${code}) before it was listening: ${err}`)));
  });
}

function stopCapture(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGINT');
  });
}

/** The conversation is complete in the file: a RST, or each side's FIN acknowledged by the other. */
function complete(): boolean {
  if (!existsSync(out)) return false;
  const cap = readCapture(new Uint8Array(readFileSync(out)));
  const pkts = cap.connections.flatMap((c) => c.packets);
  // Reopened: two bare SYNs, and all four FINs acknowledged.
  if ((mode === 'reopen' || mode === 'reopen-client-first') && pkts.filter((p) => (p.flags & 0x12) === 0x02).length < 2) return false;
  if (mode === 'rst' || mode === 'abort') return pkts.some((p) => p.flags & 0x04);
  const fins = pkts.filter((p) => p.flags & 0x01);
  const senders = new Set(fins.map((p) => `${p.src}:${p.sport}`));
  return senders.size === 2 && fins.every((f) => pkts.some((q) => q.sport === f.dport && q.flags & 0x10 && ((q.ack - f.seq - f.len - 1) | 0) >= 0));
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function listen(port: number, onSocket: (s: net.Socket) => void): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer(onSocket);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function closed(s: net.Socket): Promise<void> {
  return new Promise((resolve) => (s.closed ? resolve() : s.once('close', () => resolve())));
}

async function lifecycle(): Promise<{ serverPort: number; clientPort: number }> {
  const serverPort = await freePort();
  const cap = await startCapture(`tcp port ${serverPort}`);
  let accepted: net.Socket | undefined;
  const server = await listen(serverPort, (s) => {
    accepted = s;
    s.once('data', () => s.write('hello, client'));
  });
  const client = net.connect({ port: serverPort, host: '127.0.0.1' });
  await new Promise<void>((r) => client.once('connect', () => r()));
  const clientPort = client.localPort!;
  client.write('hello, server!');
  await new Promise<void>((r) => client.once('data', () => r()));
  client.end(); // the server side ends when its FIN arrives (allowHalfOpen is off)
  await closed(client);
  await until('the accepted socket', () => accepted !== undefined);
  await closed(accepted!);
  server.close();
  await until('the whole conversation in the file', complete);
  await stopCapture(cap);
  return { serverPort, clientPort };
}

async function rst(): Promise<{ serverPort: number; clientPort: number }> {
  const serverPort = await freePort(); // free again: nobody listens on it
  const cap = await startCapture(`tcp port ${serverPort}`);
  const client = net.connect({ port: serverPort, host: '127.0.0.1' });
  const err = await new Promise<NodeJS.ErrnoException>((r) => client.once('error', r));
  if (err.code !== 'ECONNREFUSED') throw err;
  await until('the RST in the file', complete);
  await stopCapture(cap);
  return { serverPort, clientPort: 0 }; // a refused socket never reports its port; the capture has it
}

/**
 * The client's application aborts after the data went both ways: `resetAndDestroy` sets
 * SO_LINGER 0 and closes, so Linux sends RST+ACK at SND.NXT instead of a FIN (RFC 9293 §3.10.5),
 * and the server's socket is reset.
 */
async function abort(): Promise<{ serverPort: number; clientPort: number }> {
  const serverPort = await freePort();
  const cap = await startCapture(`tcp port ${serverPort}`);
  let accepted: net.Socket | undefined;
  const server = await listen(serverPort, (s) => {
    accepted = s;
    s.on('error', () => undefined); // ECONNRESET: the reset this conversation is about
    s.once('data', () => s.write('hello, client'));
  });
  const client = net.connect({ port: serverPort, host: '127.0.0.1' });
  await new Promise<void>((r) => client.once('connect', () => r()));
  const clientPort = client.localPort!;
  client.write('hello, server!');
  await new Promise<void>((r) => client.once('data', () => r()));
  client.resetAndDestroy();
  await closed(client);
  await until('the accepted socket', () => accepted !== undefined);
  await closed(accepted!);
  server.close();
  await until('the RST in the file', complete);
  await stopCapture(cap);
  return { serverPort, clientPort };
}

/**
 * `reopen`: the server closes first (so it holds TIME_WAIT), then the client connects again from the same
 * local port: Linux takes a SYN whose seq lies above the TIME_WAIT socket's RCV.NXT as a new
 * connection (RFC 6191), and the client's new ISN, drawn from a clock (RFC 6528), lies above the
 * old connection's. The client's own socket went LAST_ACK → CLOSED, so its port is free. Twice
 * the same conversation: the client sends, the server answers and ends, the client's end follows.
 * `reopen-client-first`: the client closes first and holds TIME_WAIT, and connects again from it,
 * which Linux allows for loopback (tcp_tw_reuse = 2, the default) when timestamps show it is safe.
 */
async function reopen(clientFirst: boolean): Promise<{ serverPort: number; clientPort: number }> {
  const serverPort = await freePort();
  const clientPort = await freePort();
  const cap = await startCapture(`tcp port ${serverPort}`);
  const accepted: net.Socket[] = [];
  const server = await listen(serverPort, (s) => {
    accepted.push(s);
    if (clientFirst) s.resume(); // ends when the client's FIN arrives (allowHalfOpen is off)
    else s.once('data', () => s.end('bye')); // the server closes first
  });
  for (let k = 1; k <= 2; k++) {
    // A client in TIME_WAIT may connect again on its ports only once Linux lets it reuse them
    // (tcp_tw_reuse, on loopback by default; some kernels wait tcp_tw_reuse_delay first): retry.
    let client: net.Socket | undefined;
    for (let tries = 0; !client; tries++) {
      const c = net.connect({ port: serverPort, host: '127.0.0.1', localAddress: '127.0.0.1', localPort: clientPort });
      const err = await new Promise<NodeJS.ErrnoException | null>((r) => {
        c.once('connect', () => r(null));
        c.once('error', r);
      });
      if (!err) client = c;
      else if (err.code !== 'EADDRNOTAVAIL' && err.code !== 'EADDRINUSE' || tries > 40) throw err;
      else await new Promise((r) => setTimeout(r, 100));
    }
    client.write(`hello #${k}`);
    client.resume();
    if (clientFirst) client.end(); // the client closes first, and so holds TIME_WAIT
    await closed(client); // its FIN follows the server's when the server closes first
    await until('the accepted socket', () => accepted.length === k);
    await closed(accepted[k - 1]!);
    // The server's last ACK reaches the client before it connects again (the client is CLOSED).
    await new Promise((r) => setTimeout(r, 50));
  }
  server.close();
  await until('both conversations in the file', complete);
  await stopCapture(cap);
  return { serverPort, clientPort };
}

function tc(args: string[]): string {
  return execFileSync('tc', args, { encoding: 'utf8' });
}

/**
 * Both sides close at once while a slow queue (a token bucket on this namespace's `lo`, its tokens
 * spent first by one UDP datagram) holds every segment for about a second: each FIN leaves before
 * the other's arrives, so they cross (RFC 9293 §3.6, simultaneous close → CLOSING → TIME_WAIT).
 */
async function simclose(): Promise<{ serverPort: number; clientPort: number }> {
  if (!inNetns) throw new Error('simclose changes lo: run it in its own network namespace (--netns under unshare -n)');
  const serverPort = 5000;
  const clientPort = 4000;
  const cap = await startCapture('tcp');
  let accepted: net.Socket | undefined;
  const server = await listen(serverPort, (s) => {
    s.allowHalfOpen = true;
    accepted = s;
  });
  const client = net.connect({ port: serverPort, host: '127.0.0.1', localPort: clientPort, allowHalfOpen: true });
  await new Promise<void>((r) => client.once('connect', () => r()));
  await until('the accepted socket', () => accepted !== undefined);
  // 20 kbit/s: a 66-byte segment waits 26 ms, so the four segments of the close leave within
  // Linux's smallest retransmission timeout (200 ms); the bucket holds one 100-byte frame.
  tc(['qdisc', 'add', 'dev', 'lo', 'root', 'tbf', 'rate', '20kbit', 'burst', '100', 'limit', '10000']);
  const pad = dgram.createSocket('udp4');
  await new Promise<void>((r) => pad.bind(0, '127.0.0.1', () => r()));
  // 100-byte frame: 14 Ethernet + 20 IPv4 + 8 UDP + 58 data. It spends the bucket's tokens.
  await new Promise<void>((r) => pad.send(Buffer.alloc(58), (pad.address() as { port: number }).port, '127.0.0.1', () => r()));
  client.end();
  accepted!.end();
  client.resume();
  accepted!.resume();
  await Promise.all([closed(client), closed(accepted!)]);
  server.close();
  pad.close();
  await until('the whole conversation in the file', complete, 30_000);
  await stopCapture(cap);
  return { serverPort, clientPort };
}

async function main(): Promise<void> {
  if (inNetns) execFileSync('ip', ['link', 'set', 'lo', 'up']);
  const result = mode === 'lifecycle' ? await lifecycle() : mode === 'rst' ? await rst() : mode === 'abort' ? await abort() : mode === 'reopen' ? await reopen(false) : mode === 'reopen-client-first' ? await reopen(true) : await simclose();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
