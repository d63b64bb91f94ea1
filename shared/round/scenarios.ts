import type { AppCall, Flag, Side, TcpState } from '../tcp/types';

/** When a scripted app call happens, for the side that makes it (checked after every event). */
export type Trigger =
  | { at: 'start' }
  /** This side has reached the state. */
  | { state: TcpState }
  /** This side has received this many data octets in order. */
  | { received: number }
  /** Everything this side's app queued has gone out (not necessarily acknowledged). */
  | { sentAll: true }
  /** Everything this side sent is acknowledged and nothing is queued. */
  | { ackedAll: true };

export interface ScriptedCall {
  call: AppCall;
  bytes?: number;
  /** connect only: on the ports of this side's earlier connection (the trace's `reuse`). */
  reuse?: true;
  /** listen(): the listen queue's room for half-open connections (absent: no limit), shared/tcp/listen-queue.ts. */
  backlog?: number;
  /** listen(): how many times a half-open connection's SYN+ACK is resent before it is dropped. */
  synAckRetries?: number;
  when: Trigger;
  /**
   * A fallback, made only if its trigger comes true: the round may end without it. Only the last
   * calls of a side may be optional (calls are made in order).
   */
  optional?: true;
}

/** A condition that releases a held segment. */
export type Release = { side: Side; sent: 'SYN' | 'FIN' } | { side: Side; row: string };

/**
 * One entry of a scenario's fault plan: it applies to the next `count` segments (default 1) that
 * `side` sends carrying all `flags` (and data, when `withData`), while `side` is in `state`.
 */
export interface FaultRule {
  side: Side;
  flags?: Flag[];
  withData?: boolean;
  state?: TcpState;
  count?: number;
  action: 'drop' | 'hold';
  /** For `hold`: the segment waits until this is true, then travels with the usual delay. */
  release?: Release;
}

/** A stale duplicate the network injects, as if `side` had sent it long ago. */
export interface Injection {
  side: Side;
  flags: Flag[];
  /**
   * Injected when this side has reached this state, or has sent its SYN / FIN (default: at the
   * start).
   */
  when?: { side: Side; state: TcpState } | { side: Side; sent: 'SYN' | 'FIN' };
  /** 'now': it arrives at once (it has been wandering the network); default: the usual delay. */
  arrives?: 'now';
  /**
   * 'own-isn': the SYN is an old duplicate of `side`'s own SYN of the connection it has now (its
   * ISN); default: a number of another, older connection, drawn from the round's RNG.
   */
  seq?: 'own-isn';
  /**
   * Sent from this other address (a spoofed source, in `side`'s role) instead of as an old
   * duplicate of `side`'s: it reaches the other side's listen queue, and nothing sent to the
   * address is ever answered (shared/tcp/listen-queue.ts).
   */
  peer?: string;
}

/** A table row that must fire on a side for the scenario's lesson to have happened. */
export interface LessonStep {
  side: Side;
  row: string;
}

export interface Scenario {
  id: string;
  number: number;
  title: { en: string; 'zh-CN': string };
  summary: { en: string; 'zh-CN': string };
  /** The handshake is played by the engine (not judged) before the scenario proper begins. */
  prelude?: 'handshake';
  calls: Record<Side, ScriptedCall[]>;
  faults?: { plan?: FaultRule[]; inject?: Injection[]; suggestedLoss?: number };
  /** The round is over when both sides are in these states and nothing is owed or in flight. */
  end: Record<Side, TcpState>;
  /** What must have happened for the lesson to have happened (every step, in any order; default none). */
  lesson?: LessonStep[];
  /** What the players achieved, told to each of them when the round ends by itself. */
  achieved?: { en: string; 'zh-CN': string };
  /**
   * How many one-way delays the longest wait for an acknowledgment spans when nothing is lost
   * (default 2: a round trip). The RTO must be longer, or timers fire with no loss.
   */
  rtoFlights?: number;
}

const OPEN: Record<Side, ScriptedCall[]> = {
  client: [{ call: 'connect', when: { at: 'start' } }],
  server: [{ call: 'listen', when: { at: 'start' } }],
};

const LIFECYCLE: Record<Side, ScriptedCall[]> = {
  client: [
    { call: 'connect', when: { at: 'start' } },
    { call: 'send', bytes: 100, when: { state: 'ESTABLISHED' } },
    { call: 'close', when: { received: 60 } },
  ],
  server: [
    { call: 'listen', when: { at: 'start' } },
    { call: 'send', bytes: 60, when: { received: 100 } },
    { call: 'close', when: { state: 'CLOSE_WAIT' } },
  ],
};

/** The ten scenarios of GAME.md, and the situations issue 16 asks about, as data. */
export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'handshake',
    number: 1,
    title: { en: 'Handshake', 'zh-CN': '三次握手' },
    summary: { en: 'connect / listen: the three-way handshake only.', 'zh-CN': 'connect / listen：只做三次握手。' },
    calls: OPEN,
    end: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    lesson: [{ side: 'client', row: 'syn-sent-rcv-syn-ack' }, { side: 'server', row: 'syn-rcvd-rcv-ack' }],
    achieved: {
      en: 'You opened a connection with the three-way handshake: SYN, SYN+ACK, ACK. Both ends are ESTABLISHED.',
      'zh-CN': '你们用三次握手（SYN、SYN+ACK、ACK）建立了连接，双方都处于 ESTABLISHED。',
    },
  },
  {
    id: 'data',
    number: 2,
    title: { en: 'Data', 'zh-CN': '数据传输' },
    summary: {
      en: 'Handshake, the client sends 100 bytes, the server replies 9 + 9 + 28 + 11 bytes.',
      'zh-CN': '三次握手后，客户端发送 100 字节，服务器依次回复 9、9、28、11 字节。',
    },
    calls: {
      client: [
        { call: 'connect', when: { at: 'start' } },
        { call: 'send', bytes: 100, when: { state: 'ESTABLISHED' } },
      ],
      server: [
        { call: 'listen', when: { at: 'start' } },
        { call: 'send', bytes: 9, when: { received: 100 } },
        { call: 'send', bytes: 9, when: { sentAll: true } },
        { call: 'send', bytes: 28, when: { sentAll: true } },
        { call: 'send', bytes: 11, when: { sentAll: true } },
      ],
    },
    end: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    lesson: [{ side: 'server', row: 'rcv-data' }, { side: 'client', row: 'rcv-data' }],
    achieved: {
      en: 'You moved data both ways: 100 bytes up, 57 down in four segments, each byte counted once in seq and ack.',
      'zh-CN': '你们双向传输了数据：上行 100 字节，下行分四个报文段共 57 字节，每个字节在 seq 和 ack 中各计一次。',
    },
  },
  {
    id: 'close',
    number: 3,
    title: { en: 'Client closes', 'zh-CN': '客户端先关闭' },
    summary: {
      en: 'From ESTABLISHED the client closes first; the server sends its remaining 20 bytes, then closes.',
      'zh-CN': '从 ESTABLISHED 开始，客户端先关闭；服务器发完剩下的 20 字节后再关闭。',
    },
    prelude: 'handshake',
    calls: {
      client: [...OPEN.client, { call: 'close', when: { state: 'ESTABLISHED' } }],
      server: [
        ...OPEN.server,
        { call: 'send', bytes: 20, when: { state: 'CLOSE_WAIT' } },
        { call: 'close', when: { sentAll: true } },
      ],
    },
    end: { client: 'CLOSED', server: 'CLOSED' },
    lesson: [{ side: 'client', row: 'fin-wait-2-rcv-fin' }, { side: 'server', row: 'last-ack-rcv-ack-of-fin' }],
    achieved: {
      en: 'You closed the connection with the four-way wave: the server sent its last data in CLOSE_WAIT, then its FIN; the client waited in TIME_WAIT.',
      'zh-CN': '你们用四次挥手关闭了连接：服务器在 CLOSE_WAIT 中发完最后的数据后才发送 FIN，客户端在 TIME_WAIT 中等待。',
    },
  },
  {
    id: 'server-close',
    number: 4,
    title: { en: 'Server closes first', 'zh-CN': '服务器先关闭' },
    summary: { en: 'From ESTABLISHED the server closes first; the client closes after.', 'zh-CN': '从 ESTABLISHED 开始，服务器先关闭，客户端随后关闭。' },
    prelude: 'handshake',
    calls: {
      client: [...OPEN.client, { call: 'close', when: { state: 'CLOSE_WAIT' } }],
      server: [...OPEN.server, { call: 'close', when: { state: 'ESTABLISHED' } }],
    },
    end: { client: 'CLOSED', server: 'CLOSED' },
    lesson: [{ side: 'server', row: 'fin-wait-2-rcv-fin' }, { side: 'client', row: 'last-ack-rcv-ack-of-fin' }],
    achieved: {
      en: 'The server closed first this time, so it was the server that waited in TIME_WAIT.',
      'zh-CN': '这次服务器先关闭，所以在 TIME_WAIT 中等待的是服务器。',
    },
  },
  {
    id: 'lifecycle',
    number: 5,
    title: { en: 'Full lifecycle', 'zh-CN': '完整生命周期' },
    summary: {
      en: 'Handshake, 100 bytes up and 60 bytes down, then the client closes.',
      'zh-CN': '三次握手，客户端发 100 字节、服务器回 60 字节，然后客户端关闭。',
    },
    calls: LIFECYCLE,
    end: { client: 'CLOSED', server: 'CLOSED' },
    lesson: [{ side: 'client', row: 'syn-sent-rcv-syn-ack' }, { side: 'server', row: 'rcv-data' }, { side: 'client', row: 'fin-wait-2-rcv-fin' }, { side: 'server', row: 'last-ack-rcv-ack-of-fin' }],
    achieved: {
      en: 'A whole connection: handshake, data both ways, and the four-way wave down to CLOSED.',
      'zh-CN': '一个完整的连接：三次握手、双向数据传输，再经四次挥手回到 CLOSED。',
    },
  },
  {
    id: 'lossy-lifecycle',
    number: 6,
    title: { en: 'Lossy lifecycle', 'zh-CN': '有丢包的完整生命周期' },
    summary: {
      en: 'The full lifecycle over a lossy network: the first data segment is lost, and so is its first retransmission, so retransmission, backoff (the timeout doubles) and re-ACK happen.',
      'zh-CN': '在丢包的网络上走完整个生命周期：第一个数据报文段丢失，它的第一次重传也丢失，需要超时重传、退避（超时时间加倍）和重新确认。',
    },
    calls: LIFECYCLE,
    // The data and its first retransmission are lost: with backoff (a class setting, on by
    // default) the second wait is twice the first (shared/round/backoff.ts).
    faults: { plan: [{ side: 'client', withData: true, action: 'drop', count: 2 }], suggestedLoss: 0.2 },
    end: { client: 'CLOSED', server: 'CLOSED' },
    lesson: [{ side: 'client', row: 'retransmission-timeout' }, { side: 'server', row: 'rcv-data' }, { side: 'server', row: 'last-ack-rcv-ack-of-fin' }],
    achieved: {
      en: 'A segment was lost and nobody was told: the sender’s retransmission timer found out, and the same bytes went again with the same seq. Lost again, it was found out again — with backoff on, after twice as long, as real stacks do.',
      'zh-CN': '有报文段丢失，但没有人被告知：发送方靠重传计时器发现了它，并用相同的 seq 重发了相同的字节。再次丢失后，又被计时器发现——开启退避时，等待时间是上一次的两倍，真实的协议栈也是这样做的。',
    },
  },
  {
    id: 'lost-final-ack',
    number: 7,
    title: { en: 'Lost final ACK', 'zh-CN': '最后的 ACK 丢失' },
    summary: {
      en: 'The last ACK is lost; the server resends its FIN and the client in TIME_WAIT must ACK again.',
      'zh-CN': '最后一个 ACK 丢失；服务器重传 FIN，处于 TIME_WAIT 的客户端必须再次确认。',
    },
    prelude: 'handshake',
    calls: {
      client: [...OPEN.client, { call: 'close', when: { state: 'ESTABLISHED' } }],
      server: [...OPEN.server, { call: 'close', when: { state: 'CLOSE_WAIT' } }],
    },
    faults: { plan: [{ side: 'client', flags: ['ACK'], state: 'TIME_WAIT', action: 'drop' }] },
    end: { client: 'CLOSED', server: 'CLOSED' },
    lesson: [{ side: 'server', row: 'retransmission-timeout' }, { side: 'client', row: 'time-wait-rcv-fin' }, { side: 'server', row: 'last-ack-rcv-ack-of-fin' }],
    achieved: {
      en: 'The last ACK was lost; the server sent its FIN again and the client, still in TIME_WAIT, acknowledged it again. That is why TIME_WAIT lasts 2×MSL.',
      'zh-CN': '最后的 ACK 丢失了；服务器重传了 FIN，仍处于 TIME_WAIT 的客户端再次确认了它。这正是 TIME_WAIT 要持续 2×MSL 的原因。',
    },
  },
  {
    id: 'simultaneous-close',
    number: 8,
    title: { en: 'Simultaneous close', 'zh-CN': '同时关闭' },
    summary: {
      en: 'Both apps close at once; the FINs cross in the network and both sides pass through CLOSING.',
      'zh-CN': '双方应用同时关闭；两个 FIN 在网络中交错，双方都经过 CLOSING。',
    },
    prelude: 'handshake',
    calls: {
      client: [...OPEN.client, { call: 'close', when: { state: 'ESTABLISHED' } }],
      server: [...OPEN.server, { call: 'close', when: { state: 'ESTABLISHED' } }],
    },
    faults: {
      plan: [
        { side: 'client', flags: ['FIN'], action: 'hold', release: { side: 'server', sent: 'FIN' } },
        { side: 'server', flags: ['FIN'], action: 'hold', release: { side: 'client', sent: 'FIN' } },
      ],
    },
    end: { client: 'CLOSED', server: 'CLOSED' },
    lesson: [{ side: 'client', row: 'fin-wait-1-rcv-fin' }, { side: 'server', row: 'fin-wait-1-rcv-fin' }],
    achieved: {
      en: 'Your FINs crossed in the network: both ends passed through CLOSING, and both waited in TIME_WAIT.',
      'zh-CN': '你们的 FIN 在网络中交错：双方都经过了 CLOSING，也都在 TIME_WAIT 中等待。',
    },
  },
  {
    id: 'stale-syn',
    number: 9,
    title: { en: 'Stale SYN', 'zh-CN': '过期的 SYN' },
    summary: {
      en: 'An old duplicate SYN reaches the server first; the client answers the strange SYN+ACK with RST, then connects normally.',
      'zh-CN': '一个过期的重复 SYN 先到达服务器；客户端用 RST 回应那个对不上的 SYN+ACK，然后正常建立连接。',
    },
    calls: OPEN,
    faults: {
      // The old SYN arrives just as the client's own SYN leaves, so the client has a SYN of its own
      // outstanding when the strange SYN+ACK comes back; its own SYN waits until the reset is done.
      inject: [{ side: 'client', flags: ['SYN'], when: { side: 'client', sent: 'SYN' }, arrives: 'now' }],
      plan: [{ side: 'client', flags: ['SYN'], count: 100, action: 'hold', release: { side: 'server', row: 'syn-rcvd-rcv-rst-passive' } }],
    },
    end: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    lesson: [{ side: 'client', row: 'syn-sent-rcv-bad-ack' }, { side: 'server', row: 'syn-rcvd-rcv-rst-passive' }, { side: 'server', row: 'syn-rcvd-rcv-ack' }],
    achieved: {
      en: 'An old duplicate SYN opened a half-connection; the client’s RST tore it down and the real handshake went through. This is why TCP needs three segments, not two.',
      'zh-CN': '一个过期的重复 SYN 建立了半连接；客户端用 RST 拆除了它，真正的握手随后完成。这就是 TCP 需要三次而不是两次握手的原因。',
    },
    // The client's SYN waits in the network while the old one is answered and reset: stale SYN+ACK,
    // RST, then the SYN itself and its SYN+ACK. The RTO must outlast four one-way delays.
    rtoFlights: 4,
  },
  {
    id: 'simultaneous-open',
    number: 10,
    title: { en: 'Simultaneous open', 'zh-CN': '同时打开' },
    summary: {
      en: 'Both apps call connect at once; the SYNs cross and each side answers with SYN+ACK.',
      'zh-CN': '双方应用同时调用 connect；两个 SYN 交错，双方都用 SYN+ACK 回应。',
    },
    calls: {
      client: [{ call: 'connect', when: { at: 'start' } }],
      server: [{ call: 'connect', when: { at: 'start' } }],
    },
    faults: {
      plan: [
        { side: 'client', flags: ['SYN'], action: 'hold', release: { side: 'server', sent: 'SYN' } },
        { side: 'server', flags: ['SYN'], action: 'hold', release: { side: 'client', sent: 'SYN' } },
      ],
    },
    end: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    lesson: [{ side: 'client', row: 'syn-sent-rcv-syn' }, { side: 'server', row: 'syn-sent-rcv-syn' }],
    achieved: {
      en: 'Your SYNs crossed in the network: each side went from SYN_SENT to SYN_RCVD and answered with SYN+ACK, keeping its own ISN.',
      'zh-CN': '你们的 SYN 在网络中交错：双方都从 SYN_SENT 进入 SYN_RCVD，并用 SYN+ACK 回应，沿用各自的初始序列号。',
    },
  },
  {
    id: 'abort',
    number: 11,
    title: { en: 'Abort', 'zh-CN': '中止连接' },
    summary: {
      en: 'Handshake, 100 bytes up and 60 bytes down, then the client’s app aborts (SO_LINGER 0): a RST instead of the four-way wave, and the server goes straight to CLOSED.',
      'zh-CN': '三次握手，客户端发 100 字节、服务器回 60 字节，然后客户端应用中止连接（SO_LINGER 为 0）：用 RST 代替四次挥手，服务器直接进入 CLOSED。',
    },
    calls: {
      client: [
        { call: 'connect', when: { at: 'start' } },
        { call: 'send', bytes: 100, when: { state: 'ESTABLISHED' } },
        // Once the reply is in, the server has everything the client sent: the RST's seq (SND.NXT)
        // is exactly the server's RCV.NXT, so the server accepts it (RFC 9293 §3.10.7.4, RFC 5961).
        { call: 'abort', when: { received: 60 } },
      ],
      server: [
        { call: 'listen', when: { at: 'start' } },
        { call: 'send', bytes: 60, when: { received: 100 } },
      ],
    },
    end: { client: 'CLOSED', server: 'CLOSED' },
    lesson: [{ side: 'client', row: 'abort-reset' }, { side: 'server', row: 'synchronized-rcv-rst' }],
    achieved: {
      en: 'The client’s application aborted: one RST at SND.NXT ended the connection on both sides at once, with no FIN, no TIME_WAIT, and the server’s unacknowledged data thrown away.',
      'zh-CN': '客户端应用中止了连接：一个 seq 为 SND.NXT 的 RST 让双方立即结束连接，没有 FIN，没有 TIME_WAIT，服务器尚未被确认的数据也被丢弃了。',
    },
  },
  {
    id: 'incarnation',
    number: 12,
    title: { en: 'Old duplicates and a new incarnation', 'zh-CN': '过期的重复报文段与新连接' },
    summary: {
      en: 'Handshake, then the server closes first and waits in TIME_WAIT, where an old duplicate of the client’s first SYN arrives. The client connects again on the same ports: its new SYN, with an ISN above the old connection’s, opens a new connection from TIME_WAIT.',
      'zh-CN': '三次握手后，服务器先关闭并在 TIME_WAIT 中等待，此时客户端第一个 SYN 的一个过期重复副本到达。客户端在同一对端口上再次发起连接：它的新 SYN 的初始序列号高于旧连接，从 TIME_WAIT 打开了一个新连接。',
    },
    calls: {
      client: [
        { call: 'connect', when: { at: 'start' } },
        { call: 'close', when: { state: 'CLOSE_WAIT' } },
        // After LAST_ACK the client is CLOSED, while the server still waits 2×MSL in TIME_WAIT.
        { call: 'connect', reuse: true, when: { state: 'CLOSED' } },
      ],
      server: [
        { call: 'listen', when: { at: 'start' } },
        { call: 'close', when: { state: 'ESTABLISHED' } },
        // The server's application still listens on its port (as a real server's listening socket
        // does): should TIME_WAIT end first (a lost SYN, a reset), a new SYN finds it listening.
        { call: 'listen', when: { state: 'CLOSED' }, optional: true },
      ],
    },
    faults: {
      // The client's first SYN, duplicated long ago, reaches the server with the client's FIN: its
      // seq is below the server's RCV.NXT, so it is old and only acknowledged (the server owes that
      // ACK for the FIN anyway, so no extra ACK can reach the client after its LAST_ACK).
      inject: [{ side: 'client', flags: ['SYN'], when: { side: 'server', state: 'TIME_WAIT' }, arrives: 'now', seq: 'own-isn' }],
    },
    end: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    lesson: [{ side: 'server', row: 'time-wait-rcv-old-syn' }, { side: 'server', row: 'time-wait-rcv-new-syn' }, { side: 'client', row: 'syn-sent-rcv-syn-ack' }],
    achieved: {
      en: 'In TIME_WAIT the server told an old duplicate SYN (below its RCV.NXT: only an ACK, nothing changed) from the client’s new one (above it: a new connection on the same ports). Waiting 2×MSL lets old duplicates die out; a new ISN above the old connection’s keeps them apart.',
      'zh-CN': '服务器在 TIME_WAIT 中区分了过期的重复 SYN（低于它的 RCV.NXT：只回 ACK，什么都不改变）和客户端的新 SYN（高于它：在同一对端口上建立新连接）。等待 2×MSL 让过期的重复报文段消失；高于旧连接的新初始序列号则把新旧连接区分开。',
    },
  },
  {
    id: 'syn-flood',
    number: 13,
    title: { en: 'Half-open server (SYN flood)', 'zh-CN': '半连接服务器（SYN 洪泛）' },
    summary: {
      en: 'The server’s listen queue has room for two half-open connections. Two SYNs from forged addresses that never answer take both places; the client’s SYN is dropped unanswered until a half-open connection times out.',
      'zh-CN': '服务器的监听队列只能容纳两个半连接。两个来自伪造地址、永远不会回应的 SYN 占满了队列；客户端的 SYN 被悄悄丢弃，直到有一个半连接超时。',
    },
    calls: {
      client: [{ call: 'connect', when: { at: 'start' } }],
      // One SYN+ACK resent, then the half-open connection is given up (Linux resends five times).
      server: [{ call: 'listen', backlog: 2, synAckRetries: 1, when: { at: 'start' } }],
    },
    faults: {
      // Documentation addresses (RFC 5737): nobody is there to answer the SYN+ACKs.
      inject: [
        { side: 'client', flags: ['SYN'], peer: '198.51.100.7', arrives: 'now' },
        { side: 'client', flags: ['SYN'], peer: '203.0.113.40', arrives: 'now' },
      ],
    },
    end: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
    lesson: [
      { side: 'server', row: 'listen-rcv-syn-queue-full' },
      { side: 'server', row: 'queue-synack-expired' },
      { side: 'server', row: 'syn-rcvd-rcv-ack' },
    ],
    achieved: {
      en: 'Two forged SYNs held your listen queue: each half-open connection in SYN_RCVD kept a place, resent its SYN+ACK to nobody, and only its timeout freed the place for the real client. That is why a server should commit as little as possible before the third segment of the handshake (backlog limits, short timeouts, SYN cookies).',
      'zh-CN': '两个伪造的 SYN 占住了你的监听队列：每个处于 SYN_RCVD 的半连接都占着一个位置，还向无人的地址重发 SYN+ACK，只有等它超时，位置才让给真正的客户端。这就是服务器在收到握手的第三个报文段之前应尽量少投入资源的原因（限制队列长度、缩短超时、SYN cookie）。',
    },
  },
];

export const SCENARIO_IDS = SCENARIOS.map((s) => s.id);

/** The scenario with this id or number, or undefined. */
export function findScenario(idOrNumber: string | number): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === idOrNumber || String(s.number) === String(idOrNumber));
}
