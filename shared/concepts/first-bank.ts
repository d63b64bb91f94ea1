import type { TcpState } from '../tcp/types';
import type { BankInput, LocalText } from './schema';

/**
 * The first concept-check bank: "why" questions on connection management, written from the
 * handbook's TCP.md. Numeric questions with `fromTrace` quote numbers of a golden trace
 * (tests/fixtures/traces) and their answers are checked against the engine by
 * tests/shared/concepts; so are the choice questions with `fromTrace` (a state after an event).
 */

type Q = BankInput['questions'][number];
type Opt = { text: LocalText; correct?: boolean; state?: TcpState };

const L = (en: string, zh: string): LocalText => ({ en, 'zh-CN': zh });
/** The correct option. */
const yes = (en: string, zh: string, state?: TcpState): Opt => (state ? { text: L(en, zh), correct: true, state } : { text: L(en, zh), correct: true });
const no = (en: string, zh: string, state?: TcpState): Opt => (state ? { text: L(en, zh), state } : { text: L(en, zh) });
/** An option naming a state (its text is the state's name, the same in both languages). */
const st = (state: TcpState, correct = false): Opt => (correct ? { text: L(state, state), correct: true, state } : { text: L(state, state), state });

// ---------------------------------------------------------------------------------------------
// What each state waits for: one question per state, its options drawn from one list of waits.

const WAITS = {
  synAck: L("the peer's SYN+ACK, whose ack acknowledges its own SYN", '对方的 SYN+ACK，其确认号确认了自己的 SYN'),
  ackOfSyn: L('the ACK of the SYN it sent in its SYN+ACK', '对自己在 SYN+ACK 中发出的 SYN 的 ACK'),
  finAckOrFin: L("the ACK of its FIN, or the peer's FIN", '对自己 FIN 的 ACK，或对方的 FIN'),
  peerFin: L("the peer's FIN (meanwhile it can still receive data)", '对方的 FIN（在此期间仍可接收数据）'),
  appClose: L('its own application to call close() (it may still send data first)', '自己的应用程序调用 close()（在此之前仍可发送数据）'),
  finalAck: L('the final ACK, the one that acknowledges its FIN', '最后一个 ACK，即对自己 FIN 的确认'),
  crossedAck: L('the ACK of its own FIN (it has already received the peer’s FIN)', '对自己 FIN 的 ACK（它已经收到了对方的 FIN）'),
  twoMsl: L('2×MSL to pass, answering any retransmitted FIN with an ACK', '2×MSL 时间过去，其间对重传的 FIN 再回复 ACK'),
  syn: L("a client's SYN", '客户端发来的 SYN'),
} as const;
type Wait = keyof typeof WAITS;

function waitQuestion(state: TcpState, right: Wait, wrong: [Wait, Wait, Wait], rule: string, at: number, explanation: LocalText): Q {
  const options: Opt[] = wrong.map((w) => ({ text: WAITS[w] }));
  // The right option's place differs from question to question.
  options.splice(at % 4, 0, { text: WAITS[right], correct: true });
  return {
    id: `waits-${state.toLowerCase().replace(/_/g, '-')}`,
    kind: 'multiple-choice',
    prompt: L(`An endpoint is in ${state}. What is it waiting for?`, `一个端点处于 ${state} 状态。它在等待什么？`),
    options,
    explanation,
    rules: [rule],
  };
}

const WAIT_QUESTIONS: Q[] = [
  waitQuestion('SYN_SENT', 'synAck', ['ackOfSyn', 'appClose', 'twoMsl'], 'state.syn-sent-rcv-syn-ack', 0, L(
    'It has sent its SYN and waits for the SYN+ACK that acknowledges it; then it sends the third segment (ACK) and is ESTABLISHED. (A bare SYN instead means a simultaneous open.)',
    '它已发出 SYN，正在等待确认这个 SYN 的 SYN+ACK；收到后发出第三个报文段（ACK），进入 ESTABLISHED。（若收到的是不带 ACK 的 SYN，则是同时打开。）',
  )),
  waitQuestion('SYN_RCVD', 'ackOfSyn', ['syn', 'peerFin', 'twoMsl'], 'state.syn-rcvd-rcv-ack', 1, L(
    'It received a SYN and answered with SYN+ACK; its own SYN is not acknowledged yet. The ACK of it (the third handshake) makes it ESTABLISHED.',
    '它收到了 SYN 并回复了 SYN+ACK，但自己的 SYN 还没有被确认。收到对它的 ACK（第三次握手）后进入 ESTABLISHED。',
  )),
  waitQuestion('FIN_WAIT_1', 'finAckOrFin', ['synAck', 'appClose', 'twoMsl'], 'state.fin-wait-1-rcv-ack-of-fin', 2, L(
    "It has sent its FIN. The ACK of that FIN takes it to FIN_WAIT_2; the peer's FIN arriving first takes it to CLOSING; a FIN+ACK carrying both takes it to TIME_WAIT.",
    '它已发出 FIN。收到对该 FIN 的 ACK 后进入 FIN_WAIT_2；若先收到对方的 FIN 则进入 CLOSING；若收到同时确认并携带 FIN 的 FIN+ACK，则直接进入 TIME_WAIT。',
  )),
  waitQuestion('FIN_WAIT_2', 'peerFin', ['finAckOrFin', 'appClose', 'synAck'], 'state.fin-wait-2-rcv-fin', 3, L(
    "Its FIN is acknowledged, so its own direction is closed; the peer's direction is still open and may carry data (half-close). The peer's FIN takes it to TIME_WAIT.",
    '它的 FIN 已被确认，自己这个方向已关闭；对方的方向仍然打开，仍可能发来数据（半关闭）。收到对方的 FIN 后进入 TIME_WAIT。',
  )),
  waitQuestion('CLOSE_WAIT', 'appClose', ['peerFin', 'finalAck', 'twoMsl'], 'state.close-wait-close', 4, L(
    'It has received and acknowledged the peer\'s FIN. It waits for its own application: it may still send data, and when the application calls close() it sends its FIN and moves to LAST_ACK.',
    '它已收到并确认了对方的 FIN，正在等待自己的应用程序：仍可发送数据，当应用程序调用 close() 时发出自己的 FIN，进入 LAST_ACK。',
  )),
  waitQuestion('LAST_ACK', 'finalAck', ['peerFin', 'appClose', 'twoMsl'], 'state.last-ack-rcv-ack-of-fin', 5, L(
    'The passive closer has sent its FIN and waits for its ACK, the last segment of the close. If it does not come, the FIN is retransmitted. On the ACK it goes to CLOSED, without TIME_WAIT.',
    '被动关闭方已发出 FIN，正在等待对它的 ACK，即挥手的最后一个报文段。若迟迟未到，就重传 FIN。收到 ACK 后直接进入 CLOSED，不经过 TIME_WAIT。',
  )),
  waitQuestion('CLOSING', 'crossedAck', ['appClose', 'syn', 'twoMsl'], 'state.closing-rcv-ack-of-fin', 6, L(
    "Both FINs crossed (simultaneous close): it has received the peer's FIN and acknowledged it, but its own FIN is not acknowledged yet. That ACK takes it to TIME_WAIT.",
    '双方的 FIN 交错而过（同时关闭）：它已收到并确认了对方的 FIN，但自己的 FIN 还没有被确认。收到该 ACK 后进入 TIME_WAIT。',
  )),
  waitQuestion('TIME_WAIT', 'twoMsl', ['peerFin', 'finalAck', 'appClose'], 'state.time-wait-timeout', 7, L(
    'Both FINs are sent and acknowledged as far as it knows. It waits 2×MSL, so that it can ACK the peer\'s FIN again if its last ACK was lost, and so that old segments of this connection die out; then CLOSED.',
    '就它所知，双方的 FIN 都已发出并被确认。它等待 2×MSL：若最后的 ACK 丢失，还能再次确认对方重传的 FIN；同时让本连接的旧报文段在网络中消失。之后进入 CLOSED。',
  )),
];

// ---------------------------------------------------------------------------------------------

const QUESTIONS: Q[] = [
  {
    id: 'why-three-handshakes',
    kind: 'multiple-choice',
    prompt: L('Why does TCP open a connection with three segments and not two?', '为什么 TCP 建立连接要用三次握手，而不是两次？'),
    options: [
      no('So that the server has a second chance if its SYN+ACK is lost.', '为了在 SYN+ACK 丢失时给服务器第二次机会。'),
      yes(
        'So that a stale, long-delayed SYN cannot open a connection nobody wants: the client answers a SYN+ACK that matches none of its SYNs with RST.',
        '为了防止一个早已失效、迟到的 SYN 打开一个没人需要的连接：客户端收到与自己任何 SYN 都不匹配的 SYN+ACK 时会回复 RST。',
      ),
      no('Because the data the client sends first must ride on the third segment.', '因为客户端最先发送的数据必须放在第三个报文段里。'),
      no('Because each side must send its initial sequence number twice.', '因为每一方都必须把自己的初始序列号发送两次。'),
    ],
    explanation: L(
      'An old duplicate SYN can reach the server long after. With two segments the server would open a connection on it and hold its resources. With three, the server waits in SYN_RCVD for the ACK of its own SYN; the client sees a SYN+ACK whose ack matches no SYN it sent, answers RST (seq = that ack), and the server drops the half-open connection.',
      '一个旧的重复 SYN 可能很久之后才到达服务器。如果只握手两次，服务器就会据此建立连接并占用资源。三次握手时，服务器在 SYN_RCVD 中等待对自己 SYN 的 ACK；客户端发现 SYN+ACK 的确认号与自己发出的任何 SYN 都不匹配，便回复 RST（序列号 = 该确认号），服务器随即丢弃这个半连接。',
    ),
    rules: ['flags.rst-required', 'seq.rst-equals-ack'],
    scenario: 'stale-syn',
  },
  {
    id: 'stale-syn-answer',
    kind: 'multiple-choice',
    prompt: L(
      'A client in SYN_SENT receives a SYN+ACK whose ack does not acknowledge the SYN it sent. What does it send?',
      '处于 SYN_SENT 的客户端收到一个 SYN+ACK，但它的确认号并没有确认自己发出的 SYN。客户端应发送什么？',
    ),
    options: [
      no('An ACK with ack = that segment’s seq + 1.', '一个 ACK，确认号 = 该报文段的序列号 + 1。'),
      no('Nothing: it waits for its retransmission timer.', '什么都不发，等待自己的重传计时器。'),
      yes('A RST whose seq is the ack of that SYN+ACK.', '一个 RST，其序列号等于该 SYN+ACK 的确认号。'),
      no('A new SYN with a fresh initial sequence number.', '一个带有新初始序列号的 SYN。'),
    ],
    explanation: L(
      'That SYN+ACK answers an old SYN, not ours. The RST (seq = its ack, so the server accepts it) makes the server drop the half-open connection; our own SYN is still waiting for its answer.',
      '这个 SYN+ACK 回应的是一个旧的 SYN，而不是我们的。RST 的序列号等于它的确认号，服务器才会接受；它让服务器丢弃这个半连接，而我们自己的 SYN 仍在等待回应。',
    ),
    rules: ['flags.rst-required', 'seq.rst-equals-ack'],
    scenario: 'stale-syn',
  },
  {
    id: 'stale-syn-rst-seq',
    kind: 'numeric',
    prompt: L(
      'The client sent SYN seq=2583910046 and is in SYN_SENT. It receives SYN+ACK seq=3318044871, ack=1197305521, an answer to an old SYN. It replies with RST. What seq does the RST carry?',
      '客户端发出了 SYN seq=2583910046，处于 SYN_SENT。它收到 SYN+ACK seq=3318044871, ack=1197305521，这是对一个旧 SYN 的回应。客户端回复 RST。这个 RST 的序列号是多少？',
    ),
    answer: 1197305521,
    explanation: L(
      'A RST answering a segment that carries ACK takes its seq from that ack, so that the receiver finds it in its window and accepts it.',
      '回应带 ACK 的报文段时，RST 的序列号取该报文段的确认号，这样接收方会认为它在窗口内并接受它。',
    ),
    rules: ['seq.rst-equals-ack'],
    scenario: 'stale-syn',
    fromTrace: { trace: 'stale-syn', send: 'r1', field: 'seq' },
  },
  {
    id: 'syn-rcvd-rst',
    kind: 'multiple-choice',
    prompt: L(
      'A server went from LISTEN to SYN_RCVD on a SYN, and then receives a valid RST for that half-open connection. Which state is it in next?',
      '服务器收到 SYN 后从 LISTEN 进入 SYN_RCVD，随后收到一个针对这个半连接的有效 RST。它接下来处于什么状态？',
    ),
    options: [st('CLOSED'), st('LISTEN', true), st('SYN_SENT'), st('TIME_WAIT')],
    explanation: L(
      'A connection that came from a passive open goes back to LISTEN on a RST: the server keeps listening for other clients.',
      '由被动打开产生的连接收到 RST 后回到 LISTEN：服务器继续监听其他客户端。',
    ),
    rules: ['state.syn-rcvd-rcv-rst-passive'],
    scenario: 'stale-syn',
    fromTrace: { trace: 'stale-syn', at: { deliver: 'r1' }, side: 'server' },
  },
  {
    id: 'after-syn-state',
    kind: 'multiple-choice',
    prompt: L('The client’s application calls connect() and the client sends its SYN. Which state is the client in?', '客户端的应用程序调用 connect()，客户端发出 SYN。此时客户端处于什么状态？'),
    options: [st('LISTEN'), st('SYN_RCVD'), st('SYN_SENT', true), st('ESTABLISHED')],
    explanation: L('SYN_SENT: it has sent its SYN and waits for the SYN+ACK.', 'SYN_SENT：它已发出 SYN，正在等待 SYN+ACK。'),
    rules: ['state.closed-connect'],
    scenario: 'handshake',
    fromTrace: { trace: 'handshake', at: { send: 'c1' }, side: 'client' },
  },
  {
    id: 'listen-rcv-syn-state',
    kind: 'multiple-choice',
    prompt: L('A server in LISTEN receives a SYN. Which state is it in right after?', '处于 LISTEN 的服务器收到一个 SYN。它随即处于什么状态？'),
    options: [st('SYN_SENT'), st('ESTABLISHED'), st('LISTEN'), st('SYN_RCVD', true)],
    explanation: L(
      'SYN_RCVD, at once: it now owes a SYN+ACK, and it waits for the ACK of its own SYN.',
      '立即进入 SYN_RCVD：它现在需要发送 SYN+ACK，并等待对自己 SYN 的 ACK。',
    ),
    rules: ['state.listen-rcv-syn'],
    scenario: 'handshake',
    fromTrace: { trace: 'handshake', at: { deliver: 'c1' }, side: 'server' },
  },
  {
    id: 'handshake-ack',
    kind: 'numeric',
    prompt: L(
      'The client sends SYN seq=2847391053. The server answers with SYN+ACK. What ack does the SYN+ACK carry?',
      '客户端发出 SYN seq=2847391053，服务器回复 SYN+ACK。这个 SYN+ACK 的确认号是多少？',
    ),
    answer: 2847391054,
    explanation: L(
      'The SYN takes one sequence number, so the next one the server expects is the client’s ISN + 1.',
      'SYN 占用一个序列号，所以服务器期望的下一个序列号是客户端的初始序列号 + 1。',
    ),
    rules: ['ack.must-acknowledge-syn', 'seq.syn-takes-one'],
    scenario: 'handshake',
    fromTrace: { trace: 'handshake', send: 's1', field: 'ack' },
  },
  {
    id: 'handshake-third-ack',
    kind: 'numeric',
    prompt: L(
      'The client receives SYN+ACK seq=1593024817, ack=2847391054 and sends the third segment of the handshake. What ack does it carry?',
      '客户端收到 SYN+ACK seq=1593024817, ack=2847391054，并发出三次握手的第三个报文段。它的确认号是多少？',
    ),
    answer: 1593024818,
    explanation: L('It acknowledges the server’s SYN, which takes one sequence number: y + 1.', '它确认服务器的 SYN，而 SYN 占用一个序列号：y + 1。'),
    rules: ['ack.must-acknowledge-syn'],
    scenario: 'handshake',
    fromTrace: { trace: 'handshake', send: 'c2', field: 'ack' },
  },
  {
    id: 'syn-space',
    kind: 'numeric',
    prompt: L(
      'A SYN carries no data (len = 0). How many sequence numbers does it take?',
      'SYN 不携带数据（len = 0）。它占用多少个序列号？',
    ),
    answer: 1,
    explanation: L(
      'One: that is why the ACK of a SYN with seq = x has ack = x + 1, and why the first data byte has seq = x + 1.',
      '一个：所以对 seq = x 的 SYN 的确认号是 x + 1，第一个数据字节的序列号也是 x + 1。',
    ),
    rules: ['seq.syn-takes-one', 'ack.must-acknowledge-syn'],
    scenario: 'handshake',
    // The engine's ack of the server's SYN+ACK, minus the client's ISN.
    fromTrace: { trace: 'handshake', send: 's1', field: 'ack', relativeTo: { send: 'c1', field: 'seq' } },
  },
  {
    id: 'fin-space',
    kind: 'numeric',
    prompt: L(
      'A FIN carries no data (len = 0). How many sequence numbers does it take?',
      'FIN 不携带数据（len = 0）。它占用多少个序列号？',
    ),
    answer: 1,
    explanation: L(
      'One, like a SYN: the ACK of a FIN with seq = u has ack = u + 1. Otherwise the FIN could not be acknowledged apart from the data before it.',
      '和 SYN 一样占用一个：对 seq = u 的 FIN 的确认号是 u + 1。否则就无法把对 FIN 的确认与对它之前数据的确认区分开。',
    ),
    rules: ['seq.fin-takes-one', 'ack.fin-takes-one'],
    scenario: 'close',
    // The engine's ack of the server's FIN, minus that FIN's seq.
    fromTrace: { trace: 'close', send: 'c5', field: 'ack', relativeTo: { send: 's4', field: 'seq' } },
  },
  {
    id: 'third-handshake-data',
    kind: 'multiple-choice',
    prompt: L('What may the third segment of the handshake (the client’s ACK) carry?', '三次握手的第三个报文段（客户端的 ACK）可以携带什么？'),
    options: [
      no('Nothing: its len must be 0.', '什么也不能带：它的 len 必须为 0。'),
      no('A SYN again, to confirm the client’s ISN.', '再带一次 SYN，以确认客户端的初始序列号。'),
      no('A FIN, so that the connection can close at once.', '一个 FIN，以便连接立即关闭。'),
      yes('Data: its len may be more than 0, starting at seq = x + 1.', '数据：它的 len 可以大于 0，数据从 seq = x + 1 开始。'),
    ],
    explanation: L(
      'Once the client has the SYN+ACK it is ESTABLISHED, so its ACK may already carry the first data bytes; the server accepts them when the ACK arrives.',
      '客户端收到 SYN+ACK 后就已处于 ESTABLISHED，因此它的 ACK 可以顺带携带最初的数据字节；服务器收到这个 ACK 时一并接收这些数据。',
    ),
    rules: ['seq.next-unsent-byte'],
    scenario: 'lifecycle',
  },
  {
    id: 'third-handshake-seq',
    kind: 'numeric',
    prompt: L(
      'The client sent SYN seq=4294967200 and received SYN+ACK seq=1876530412, ack=4294967201. Its third segment carries 100 bytes of data. What seq does that segment carry?',
      '客户端发出了 SYN seq=4294967200，收到 SYN+ACK seq=1876530412, ack=4294967201。它的第三个报文段携带 100 字节数据。这个报文段的序列号是多少？',
    ),
    answer: 4294967201,
    explanation: L(
      'A segment’s seq is the number of its first byte: the byte right after the SYN, x + 1. Carrying data does not change it.',
      '报文段的序列号是它第一个字节的编号：紧跟在 SYN 之后，即 x + 1。携带数据并不改变它。',
    ),
    rules: ['seq.next-unsent-byte'],
    scenario: 'lifecycle',
    fromTrace: { trace: 'lifecycle', send: 'c2', field: 'seq' },
  },
  {
    id: 'wrap-ack',
    kind: 'numeric',
    prompt: L(
      'The server receives a data segment seq=4294967201, len=100, in order. What ack does its next segment carry? (Sequence numbers are modulo 2³².)',
      '服务器按序收到一个数据报文段 seq=4294967201, len=100。它的下一个报文段的确认号是多少？（序列号按 2³² 取模。）',
    ),
    answer: 5,
    explanation: L(
      '4294967201 + 100 = 4294967301, which is past 4294967295; modulo 2³² (4294967296) it wraps to 5.',
      '4294967201 + 100 = 4294967301，超过了 4294967295；按 2³²（4294967296）取模后回绕为 5。',
    ),
    rules: ['ack.next-expected-byte'],
    scenario: 'lifecycle',
    fromTrace: { trace: 'lifecycle', send: 's2', field: 'ack' },
  },
  {
    id: 'wrap-seq',
    kind: 'numeric',
    prompt: L(
      'The server sends 9 bytes with seq=4294967281, then 9 bytes with seq=4294967290. What seq does its next data segment carry?',
      '服务器先发出 9 字节 seq=4294967281，再发出 9 字节 seq=4294967290。它的下一个数据报文段的序列号是多少？',
    ),
    answer: 3,
    explanation: L('4294967290 + 9 = 4294967299, which wraps modulo 2³² to 3.', '4294967290 + 9 = 4294967299，按 2³² 取模回绕为 3。'),
    rules: ['seq.next-unsent-byte'],
    scenario: 'data',
    fromTrace: { trace: 'data', send: 's4', field: 'seq' },
  },
  {
    id: 'relative-ack',
    kind: 'numeric',
    prompt: L(
      'The server’s ISN is y. It sends 9, 9, 28 and 11 bytes, the first starting at seq y + 1. The client acknowledges all of them with one ACK. What is that ack minus y?',
      '服务器的初始序列号是 y。它依次发送 9、9、28 和 11 字节，第一个从 seq = y + 1 开始。客户端用一个 ACK 确认全部数据。这个确认号减去 y 等于多少？',
    ),
    answer: 58,
    explanation: L(
      '1 for the SYN plus 9 + 9 + 28 + 11 = 57 bytes: the next byte expected is y + 58. One cumulative ACK acknowledges every byte before it.',
      'SYN 占 1，加上 9 + 9 + 28 + 11 = 57 字节：期望的下一个字节是 y + 58。一个累积确认就确认了它之前的所有字节。',
    ),
    rules: ['ack.next-expected-byte'],
    scenario: 'data',
    fromTrace: { trace: 'data', send: 'c6', field: 'ack', relativeTo: { send: 's1', field: 'seq' } },
  },
  {
    id: 'retransmit-seq',
    kind: 'numeric',
    prompt: L(
      'The client sent 100 bytes with seq=0, ack=659213048; the segment was lost and the retransmission timer fires. What seq does the retransmitted segment carry?',
      '客户端发送了 100 字节 seq=0, ack=659213048；这个报文段丢失了，重传计时器超时。重传的报文段的序列号是多少？',
    ),
    answer: 0,
    explanation: L(
      'A retransmission resends the same bytes with the same seq (here 0, after an ISN of 4294967295 wrapped).',
      '重传发送的是同样的字节，序列号也相同（这里是 0：初始序列号 4294967295 之后回绕到了 0）。',
    ),
    rules: ['seq.retransmit-same-seq'],
    scenario: 'lossy-lifecycle',
    fromTrace: { trace: 'lossy-lifecycle', send: 'c4', field: 'seq' },
  },
  {
    id: 'why-four-waves',
    kind: 'multiple-choice',
    prompt: L('Why does closing a connection usually take four segments?', '为什么关闭连接通常需要四次挥手？'),
    options: [
      yes(
        'TCP is full duplex: each direction is closed by its own FIN and ACK, and the side that receives the first FIN may still have data to send.',
        'TCP 是全双工的：每个方向都由各自的 FIN 和 ACK 关闭，而收到第一个 FIN 的一方可能还有数据要发送。',
      ),
      no('Each FIN is sent twice in case one is lost.', '每个 FIN 都要发两次，以防其中一个丢失。'),
      no('The fourth segment tells the peer that TIME_WAIT has ended.', '第四个报文段是告诉对方 TIME_WAIT 已经结束。'),
      no('Closing needs one segment more than opening, for symmetry.', '为了对称，关闭要比建立多一个报文段。'),
    ],
    explanation: L(
      'A FIN only says "I will send no more". The other side acknowledges it at once, but it may keep sending (half-close) and sends its own FIN only when its application closes: ACK and FIN are usually separate.',
      'FIN 只表示“我不会再发送数据了”。另一方会立即确认它，但仍可继续发送数据（半关闭），等自己的应用程序关闭时才发出自己的 FIN：所以 ACK 和 FIN 通常是分开的。',
    ),
    rules: ['state.established-rcv-fin', 'state.close-wait-close'],
    scenario: 'close',
  },
  {
    id: 'three-waves',
    kind: 'multiple-choice',
    prompt: L('When can a close take only three segments?', '什么情况下挥手只需要三个报文段？'),
    options: [
      no('When the active closer skips the final ACK.', '当主动关闭方省略最后一个 ACK 时。'),
      yes(
        'When the passive closer has nothing more to send: it acknowledges the FIN and sends its own in one FIN+ACK.',
        '当被动关闭方没有数据要发送时：它用一个 FIN+ACK 同时确认对方的 FIN 并发出自己的 FIN。',
      ),
      no('When no data was sent on the connection, so no FIN is needed.', '当连接上从未发送过数据时，就不需要 FIN。'),
      no('Never: a close always takes exactly four segments.', '不可能：挥手总是恰好需要四个报文段。'),
    ],
    explanation: L(
      'The second and third waves may merge (Linux often does this). The active closer then goes from FIN_WAIT_1 straight to TIME_WAIT.',
      '第二次和第三次挥手可以合并（Linux 经常这样做）。这时主动关闭方从 FIN_WAIT_1 直接进入 TIME_WAIT。',
    ),
    rules: ['state.close-wait-close'],
    scenario: 'lifecycle',
  },
  {
    id: 'merged-fin-state',
    kind: 'multiple-choice',
    prompt: L(
      'A client in FIN_WAIT_1 receives one FIN+ACK that acknowledges its FIN and carries the server’s FIN. Which state is it in after that segment?',
      '处于 FIN_WAIT_1 的客户端收到一个 FIN+ACK，它既确认了客户端的 FIN，又携带了服务器的 FIN。处理完这个报文段后客户端处于什么状态？',
    ),
    options: [st('FIN_WAIT_2'), st('CLOSING'), st('CLOSED'), st('TIME_WAIT', true)],
    explanation: L(
      'The ACK of its FIN would take it to FIN_WAIT_2, and the FIN in the same segment takes it on to TIME_WAIT; it owes an ACK of that FIN.',
      '对自己 FIN 的确认使它进入 FIN_WAIT_2，同一报文段中的 FIN 又使它继续进入 TIME_WAIT；它需要回复对该 FIN 的 ACK。',
    ),
    rules: ['state.fin-wait-2-rcv-fin'],
    scenario: 'lifecycle',
    fromTrace: { trace: 'lifecycle', at: { deliver: 's3' }, side: 'client' },
  },
  {
    id: 'fin-wait-1-ack-state',
    kind: 'multiple-choice',
    prompt: L(
      'A client in FIN_WAIT_1 receives an ACK of its FIN (no FIN from the server yet). Which state is it in?',
      '处于 FIN_WAIT_1 的客户端收到对自己 FIN 的 ACK（服务器还没有发 FIN）。它处于什么状态？',
    ),
    options: [st('CLOSE_WAIT'), st('FIN_WAIT_2', true), st('TIME_WAIT'), st('CLOSED')],
    explanation: L(
      'FIN_WAIT_2: its own direction is closed and acknowledged; it waits for the server’s FIN and can still receive data.',
      'FIN_WAIT_2：自己的方向已关闭并被确认；它等待服务器的 FIN，并且仍可接收数据。',
    ),
    rules: ['state.fin-wait-1-rcv-ack-of-fin'],
    scenario: 'close',
    fromTrace: { trace: 'close', at: { deliver: 's2' }, side: 'client' },
  },
  {
    id: 'close-wait-state',
    kind: 'multiple-choice',
    prompt: L('A server in ESTABLISHED receives the client’s FIN. Which state is it in?', '处于 ESTABLISHED 的服务器收到客户端的 FIN。它处于什么状态？'),
    options: [st('FIN_WAIT_1'), st('LAST_ACK'), st('CLOSE_WAIT', true), st('CLOSING')],
    explanation: L(
      'CLOSE_WAIT: it owes an ACK of the FIN, and waits for its own application to close (it may still send data).',
      'CLOSE_WAIT：它需要回复对该 FIN 的 ACK，并等待自己的应用程序关闭（在此之前仍可发送数据）。',
    ),
    rules: ['state.established-rcv-fin'],
    scenario: 'close',
    fromTrace: { trace: 'close', at: { deliver: 'c3' }, side: 'server' },
  },
  {
    id: 'half-close',
    kind: 'multiple-choice',
    prompt: L(
      'The client has sent its FIN and the server has acknowledged it. Can the server still send data to the client?',
      '客户端已发出 FIN，服务器也已确认。服务器还能向客户端发送数据吗？',
    ),
    options: [
      yes('Yes: the FIN closed only the client’s direction; the server may send until it sends its own FIN.', '能：FIN 只关闭了客户端到服务器的方向；服务器在发出自己的 FIN 之前仍可发送数据。'),
      no('No: after a FIN nobody may send data.', '不能：出现 FIN 之后任何一方都不能再发数据。'),
      no('Only retransmissions of data sent before the FIN.', '只能重传 FIN 之前已发送过的数据。'),
      no('Only if the client opens a new connection.', '只有客户端重新建立连接之后才能。'),
    ],
    explanation: L(
      'This is the half-close: the client is in FIN_WAIT_2 and still receives; the server in CLOSE_WAIT sends its remaining data, then its FIN.',
      '这就是半关闭：客户端处于 FIN_WAIT_2，仍在接收；处于 CLOSE_WAIT 的服务器把剩余数据发完，再发出自己的 FIN。',
    ),
    rules: ['len.data-after-fin'],
    scenario: 'close',
  },
  {
    id: 'close-fin-seq',
    kind: 'numeric',
    prompt: L(
      'In CLOSE_WAIT, the server (whose next sequence number is 902117346) sends 20 bytes of data, then its application closes. What seq does its FIN carry?',
      '在 CLOSE_WAIT 中，服务器（下一个序列号为 902117346）先发送 20 字节数据，随后其应用程序关闭。它的 FIN 的序列号是多少？',
    ),
    answer: 902117366,
    explanation: L('The FIN takes the next unsent sequence number: 902117346 + 20.', 'FIN 使用下一个未发送的序列号：902117346 + 20。'),
    rules: ['seq.next-unsent-byte'],
    scenario: 'close',
    fromTrace: { trace: 'close', send: 's4', field: 'seq' },
  },
  {
    id: 'why-time-wait',
    kind: 'multiple-choice',
    prompt: L('Why does the active closer wait 2×MSL in TIME_WAIT before CLOSED?', '为什么主动关闭方要在 TIME_WAIT 中等待 2×MSL 才进入 CLOSED？'),
    options: [
      no('To give its application time to read the last data.', '为了给应用程序留出读取最后数据的时间。'),
      no('Because the peer’s FIN has not arrived yet.', '因为对方的 FIN 还没有到达。'),
      yes(
        'Its final ACK may be lost: the peer then resends its FIN and it must still be there to ACK it again. The wait also lets old segments of this connection die out.',
        '它最后的 ACK 可能丢失：对方会重传 FIN，它必须还在才能再次确认。等待也让本连接的旧报文段在网络中消失。',
      ),
      no('To keep the port busy so that no attacker can use it.', '为了占住端口，不让攻击者使用。'),
    ],
    explanation: L(
      'MSL is the longest a segment can live in the network. Waiting 2×MSL covers a lost ACK and the peer’s retransmitted FIN, and ensures a new connection on the same ports is not confused by old duplicates.',
      'MSL 是报文段在网络中能存活的最长时间。等待 2×MSL 既能应对 ACK 丢失后对方重传的 FIN，也能保证使用相同端口的新连接不会被旧的重复报文段干扰。',
    ),
    rules: ['state.fin-wait-2-rcv-fin', 'state.time-wait-timeout'],
    scenario: 'lost-final-ack',
  },
  {
    id: 'lost-final-ack',
    kind: 'multiple-choice',
    prompt: L('The active closer’s final ACK is lost. What happens next?', '主动关闭方发出的最后一个 ACK 丢失了。接下来会发生什么？'),
    options: [
      no('The active closer notices the loss and resends its ACK on its own timer.', '主动关闭方发现丢失，并按自己的计时器重发 ACK。'),
      no('The passive closer stays in LAST_ACK for ever.', '被动关闭方会永远停留在 LAST_ACK。'),
      no('The passive closer sends RST and both sides open a new connection.', '被动关闭方发送 RST，双方重新建立连接。'),
      yes(
        'The passive closer, still in LAST_ACK, retransmits its FIN when its timer fires; the active closer, in TIME_WAIT, ACKs it again and restarts its 2×MSL timer.',
        '仍处于 LAST_ACK 的被动关闭方在计时器超时后重传 FIN；处于 TIME_WAIT 的主动关闭方再次回复 ACK，并重新开始 2×MSL 计时。',
      ),
    ],
    explanation: L(
      'A lost ACK is never resent by itself: nobody knows it was lost. The FIN’s retransmission timer brings a new copy of the FIN, and that triggers a new ACK.',
      '丢失的 ACK 不会被单独重发：没有人知道它丢了。FIN 的重传计时器超时后会重发 FIN，从而引出一个新的 ACK。',
    ),
    rules: ['state.last-ack-rcv-ack-of-fin', 'ack.fin-takes-one'],
    scenario: 'lost-final-ack',
  },
  {
    id: 'lost-final-ack-state',
    kind: 'multiple-choice',
    prompt: L(
      'A client in TIME_WAIT receives the server’s retransmitted FIN (its last ACK was lost). Which state is it in afterwards?',
      '处于 TIME_WAIT 的客户端收到服务器重传的 FIN（它最后的 ACK 丢失了）。之后它处于什么状态？',
    ),
    options: [st('CLOSED'), st('LAST_ACK'), st('CLOSING'), st('TIME_WAIT', true)],
    explanation: L(
      'It stays in TIME_WAIT, owes an ACK of the FIN again, and its 2×MSL timer starts over.',
      '它仍处于 TIME_WAIT，需要再次回复对该 FIN 的 ACK，并且 2×MSL 计时器重新开始。',
    ),
    rules: ['state.still-time-wait'],
    scenario: 'lost-final-ack',
    fromTrace: { trace: 'lost-final-ack', at: { deliver: 's3' }, side: 'client' },
  },
  {
    id: 'lost-final-ack-reack',
    kind: 'numeric',
    prompt: L(
      'In TIME_WAIT, the client receives the retransmitted FIN+ACK seq=1105322010, ack=3902716460. What ack does its new ACK carry?',
      '处于 TIME_WAIT 的客户端收到重传的 FIN+ACK seq=1105322010, ack=3902716460。它新发出的 ACK 的确认号是多少？',
    ),
    answer: 1105322011,
    explanation: L('The same as before: the FIN’s seq + 1, because a FIN takes one sequence number.', '与上次相同：FIN 的序列号 + 1，因为 FIN 占用一个序列号。'),
    rules: ['ack.fin-takes-one'],
    scenario: 'lost-final-ack',
    fromTrace: { trace: 'lost-final-ack', send: 'c5', field: 'ack' },
  },
  {
    id: 'simultaneous-open-state',
    kind: 'multiple-choice',
    prompt: L(
      'Simultaneous open: a client in SYN_SENT receives the server’s SYN (without ACK). Which state is it in?',
      '同时打开：处于 SYN_SENT 的客户端收到服务器的 SYN（不带 ACK）。它处于什么状态？',
    ),
    options: [st('ESTABLISHED'), st('SYN_RCVD', true), st('SYN_SENT'), st('LISTEN')],
    explanation: L(
      'SYN_RCVD: it answers the peer’s SYN with a SYN+ACK (same ISN as its own SYN) and reaches ESTABLISHED on the ACK of its SYN.',
      'SYN_RCVD：它用 SYN+ACK（与自己的 SYN 使用相同的初始序列号）回应对方的 SYN，收到对自己 SYN 的确认后进入 ESTABLISHED。',
    ),
    rules: ['state.syn-sent-rcv-syn'],
    scenario: 'simultaneous-open',
    fromTrace: { trace: 'simultaneous-open', at: { deliver: 's1' }, side: 'client' },
  },
  {
    id: 'simultaneous-open-seq',
    kind: 'numeric',
    prompt: L(
      'Simultaneous open: the client sent SYN seq=1508841722, then received the server’s SYN seq=2963110384. It answers with a SYN+ACK. What seq does the SYN+ACK carry?',
      '同时打开：客户端发出了 SYN seq=1508841722，随后收到服务器的 SYN seq=2963110384。它回复一个 SYN+ACK。这个 SYN+ACK 的序列号是多少？',
    ),
    answer: 1508841722,
    explanation: L(
      'Its own ISN again: the SYN+ACK repeats its SYN (now with an ACK), so it uses the same sequence number.',
      '仍是自己的初始序列号：这个 SYN+ACK 是把自己的 SYN 再发一次（这次带上 ACK），所以使用相同的序列号。',
    ),
    rules: ['seq.same-isn-simultaneous'],
    scenario: 'simultaneous-open',
    fromTrace: { trace: 'simultaneous-open', send: 'c2', field: 'seq' },
  },
  {
    id: 'simultaneous-close-state',
    kind: 'multiple-choice',
    prompt: L(
      'Simultaneous close: a client in FIN_WAIT_1 receives the server’s FIN, which does not acknowledge the client’s FIN. Which state is it in?',
      '同时关闭：处于 FIN_WAIT_1 的客户端收到服务器的 FIN，但这个 FIN 没有确认客户端的 FIN。客户端处于什么状态？',
    ),
    options: [st('FIN_WAIT_2'), st('TIME_WAIT'), st('CLOSE_WAIT'), st('CLOSING', true)],
    explanation: L(
      'CLOSING: it ACKs the peer’s FIN and waits for the ACK of its own; that ACK takes it to TIME_WAIT.',
      'CLOSING：它确认对方的 FIN，并等待对自己 FIN 的确认；收到后进入 TIME_WAIT。',
    ),
    rules: ['state.fin-wait-1-rcv-fin'],
    scenario: 'simultaneous-close',
    fromTrace: { trace: 'simultaneous-close', at: { deliver: 's2' }, side: 'client' },
  },
  {
    id: 'rst-meaning',
    kind: 'multiple-choice',
    prompt: L('What does a valid RST tell the endpoint that receives it?', '一个有效的 RST 告诉接收它的端点什么？'),
    options: [
      no('The sender wants a graceful close once its remaining data is sent.', '发送方希望在剩余数据发送完后正常关闭。'),
      yes(
        'Abort: the other end has no such connection or refuses it; the receiver drops it at once (CLOSED, or back to LISTEN from a passive SYN_RCVD).',
        '立即中止：对端没有这个连接或拒绝它；接收方立刻丢弃连接（进入 CLOSED；若是由被动打开进入的 SYN_RCVD，则回到 LISTEN）。',
      ),
      no('The last segment was damaged: please retransmit it.', '上一个报文段损坏了，请重传。'),
      no('The sender is busy: send more slowly.', '发送方很忙，请放慢发送速度。'),
    ],
    explanation: L(
      'RST is not a polite close: no FIN, no TIME_WAIT, data not yet delivered may be lost. It answers segments that belong to no connection, such as a SYN to a port nobody listens on.',
      'RST 不是正常关闭：没有 FIN，没有 TIME_WAIT，尚未交付的数据可能丢失。它用来回应不属于任何连接的报文段，例如发往无人监听端口的 SYN。',
    ),
    rules: ['state.synchronized-rcv-rst', 'state.syn-rcvd-rcv-rst-passive'],
  },
  {
    id: 'rst-closed-port',
    kind: 'numeric',
    prompt: L(
      'A SYN with seq=1000 arrives at a port where nobody listens. The host answers RST+ACK with seq=0. What ack does it carry?',
      '一个 seq=1000 的 SYN 到达一个无人监听的端口。主机回复 seq=0 的 RST+ACK。它的确认号是多少？',
    ),
    answer: 1001,
    explanation: L(
      'The incoming segment had no ACK, so the RST acknowledges it: its seq + its len + 1 for the SYN.',
      '到来的报文段不带 ACK，所以 RST 要确认它：确认号 = 它的序列号 + 它的长度 + SYN 占用的 1。',
    ),
    rules: ['ack.rst-acknowledges-segment', 'seq.rst-zero'],
  },
  {
    id: 'time-wait-who',
    kind: 'multiple-choice',
    prompt: L('Which side of a connection ends up in TIME_WAIT?', '连接的哪一方最终会进入 TIME_WAIT？'),
    options: [
      no('Always the server.', '总是服务器。'),
      no('Always the client.', '总是客户端。'),
      yes('The side that closes first (the active closer), whichever it is.', '先关闭的一方（主动关闭方），无论它是哪一方。'),
      no('The side that receives the first FIN.', '收到第一个 FIN 的一方。'),
    ],
    explanation: L(
      'TIME_WAIT follows FIN_WAIT_2 or CLOSING, the active closer’s states. The passive closer goes from LAST_ACK straight to CLOSED. So a server that closes its connections first collects the TIME_WAIT sockets.',
      'TIME_WAIT 出现在 FIN_WAIT_2 或 CLOSING 之后，这些都是主动关闭方的状态；被动关闭方从 LAST_ACK 直接进入 CLOSED。所以先关闭连接的服务器会积累 TIME_WAIT 套接字。',
    ),
    rules: ['state.fin-wait-2-rcv-fin', 'state.last-ack-rcv-ack-of-fin'],
    scenario: 'server-close',
  },
  {
    id: 'time-wait-many',
    kind: 'multiple-choice',
    prompt: L(
      'A busy web server closes each connection first and now holds thousands of sockets in TIME_WAIT. Which change helps?',
      '一台繁忙的 Web 服务器每次都先关闭连接，现在有成千上万个套接字处于 TIME_WAIT。下列哪种做法有帮助？',
    ),
    options: [
      yes(
        'Keep connections open for several requests, and let the clients close first, so that the TIME_WAIT is on their side.',
        '让一个连接承载多个请求（长连接），并让客户端先关闭，这样 TIME_WAIT 就留在客户端一侧。',
      ),
      no('Never send the final ACK, so that TIME_WAIT never starts.', '永远不发最后一个 ACK，这样就不会进入 TIME_WAIT。'),
      no('Make MSL longer, so that TIME_WAIT sockets are freed sooner.', '把 MSL 调长，让 TIME_WAIT 套接字更快释放。'),
      no('Close the listening socket, which also ends the TIME_WAIT sockets.', '关闭监听套接字，这样 TIME_WAIT 套接字也会随之结束。'),
    ],
    explanation: L(
      'Only the active closer waits in TIME_WAIT. Fewer, longer-lived connections make fewer closes, and when clients close first the waiting is spread over them.',
      '只有主动关闭方会在 TIME_WAIT 中等待。连接更少、存活更久，关闭次数就更少；让客户端先关闭，等待就分散到了各个客户端上。',
    ),
    rules: ['state.time-wait-timeout'],
    scenario: 'server-close',
  },
  {
    id: 'so-reuseaddr',
    kind: 'multiple-choice',
    prompt: L(
      'A server restarts, and bind() on its port fails because connections of the old process are still in TIME_WAIT on that port. What lets it bind at once?',
      '服务器重启后，对其端口调用 bind() 失败，因为旧进程的连接仍在该端口上处于 TIME_WAIT。怎样才能立即绑定成功？',
    ),
    options: [
      no('Turning on net.ipv4.tcp_tw_reuse.', '开启 net.ipv4.tcp_tw_reuse。'),
      yes('Setting SO_REUSEADDR on the listening socket before bind().', '在 bind() 之前给监听套接字设置 SO_REUSEADDR。'),
      no('Choosing a different initial sequence number.', '换一个初始序列号。'),
      no('Nothing: it must wait 2×MSL.', '没有办法：只能等待 2×MSL。'),
    ],
    explanation: L(
      'SO_REUSEADDR lets a listening socket bind to a port that connections in TIME_WAIT still use; servers set it routinely. tcp_tw_reuse is about outgoing connections, not about bind() of a listener.',
      'SO_REUSEADDR 允许监听套接字绑定到仍被 TIME_WAIT 连接占用的端口；服务器程序通常都会设置它。tcp_tw_reuse 针对的是主动发起的连接，与监听套接字的 bind() 无关。',
    ),
    rules: ['state.time-wait-timeout'],
  },
  {
    id: 'tcp-tw-reuse',
    kind: 'multiple-choice',
    prompt: L('On Linux, what does net.ipv4.tcp_tw_reuse allow?', '在 Linux 上，net.ipv4.tcp_tw_reuse 允许做什么？'),
    options: [
      no('It ends every TIME_WAIT at once, for all connections.', '立即结束所有连接的 TIME_WAIT。'),
      no('It lets a server skip TIME_WAIT when it closes first.', '让先关闭的服务器跳过 TIME_WAIT。'),
      no('It lets a listening socket bind to a port that is in use.', '让监听套接字绑定到正在使用的端口。'),
      yes(
        'New outgoing connections (connect()) may reuse a socket pair still in TIME_WAIT, when TCP timestamps show it is safe.',
        '新的主动连接（connect()）在 TCP 时间戳表明安全时，可以复用仍处于 TIME_WAIT 的连接四元组。',
      ),
    ],
    explanation: L(
      'It helps a host that makes many outgoing connections (a proxy, a client of a database) and runs out of local ports; timestamps let it tell old segments from new ones. It does nothing for incoming connections.',
      '它适用于大量主动发起连接、本地端口不够用的主机（如代理、数据库客户端）；借助时间戳区分新旧报文段。对接收进来的连接不起作用。',
    ),
    rules: ['state.time-wait-timeout'],
  },
  {
    id: 'syn-flood',
    kind: 'multiple-choice',
    prompt: L(
      'An attacker sends a server many SYNs and never completes the handshake. What does each of them leave behind?',
      '攻击者向服务器发送大量 SYN，却从不完成握手。每个 SYN 会留下什么？',
    ),
    options: [
      yes('A half-open connection in SYN_RCVD that holds server memory until it times out.', '一个处于 SYN_RCVD 的半连接，在超时前一直占用服务器内存。'),
      no('A connection in TIME_WAIT on the attacker’s side.', '攻击者一侧一个处于 TIME_WAIT 的连接。'),
      no('An ESTABLISHED connection with no data.', '一个没有数据的 ESTABLISHED 连接。'),
      no('Nothing: the server ignores a SYN until it has an ACK.', '什么也不留下：服务器在收到 ACK 之前忽略 SYN。'),
    ],
    explanation: L(
      'This is a SYN flood. Defences include SYN cookies (no state kept until the ACK comes back), backlog limits and shorter SYN_RCVD timeouts.',
      '这就是 SYN 洪泛攻击。防御手段包括 SYN Cookie（在 ACK 回来之前不保存状态）、限制半连接队列长度以及缩短 SYN_RCVD 超时时间。',
    ),
    rules: ['state.listen-rcv-syn'],
  },
];

/** The first bank, as a bank file holds it (parse it with `validateBank` to use it). */
export const FIRST_BANK: BankInput = {
  version: 1,
  title: L('TCP connection management: why it works this way', 'TCP 连接管理：为什么这样设计'),
  questions: [...QUESTIONS, ...WAIT_QUESTIONS],
};
