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
  when: Trigger;
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
  /** Injected when this side has reached this state (default: at the start). */
  when?: { side: Side; state: TcpState };
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

/** The ten scenarios of GAME.md, as data. */
export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'handshake',
    number: 1,
    title: { en: 'Handshake', 'zh-CN': '三次握手' },
    summary: { en: 'connect / listen: the three-way handshake only.', 'zh-CN': 'connect / listen：只做三次握手。' },
    calls: OPEN,
    end: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
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
  },
  {
    id: 'lossy-lifecycle',
    number: 6,
    title: { en: 'Lossy lifecycle', 'zh-CN': '有丢包的完整生命周期' },
    summary: {
      en: 'The full lifecycle over a lossy network: the first data segment is lost, so retransmission and re-ACK happen.',
      'zh-CN': '在丢包的网络上走完整个生命周期：第一个数据报文段丢失，需要超时重传和重新确认。',
    },
    calls: LIFECYCLE,
    faults: { plan: [{ side: 'client', withData: true, action: 'drop' }], suggestedLoss: 0.2 },
    end: { client: 'CLOSED', server: 'CLOSED' },
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
      inject: [{ side: 'client', flags: ['SYN'], when: { side: 'server', state: 'LISTEN' } }],
      plan: [{ side: 'client', flags: ['SYN'], count: 100, action: 'hold', release: { side: 'server', row: 'syn-rcvd-rcv-rst-passive' } }],
    },
    end: { client: 'ESTABLISHED', server: 'ESTABLISHED' },
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
  },
];

export const SCENARIO_IDS = SCENARIOS.map((s) => s.id);

/** The scenario with this id or number, or undefined. */
export function findScenario(idOrNumber: string | number): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === idOrNumber || String(s.number) === String(idOrNumber));
}
