/**
 * The explanation of every rule the judge can cite (shared/tcp/rules.ts `RULES`), in every
 * language, written for a student who has just broken it: what was expected and why. `{expected}`
 * and `{got}` are filled in by `explainRule` (index.ts). State and flag names stay in English in
 * both languages, as textbooks print them. Sections cited are RFC 9293's.
 */
export const RULE_TEXT: Record<string, { en: string; 'zh-CN': string }> = {
  // ── Flags ──
  'flags.no-segment-owed': {
    en: 'You owe no segment now, so send nothing (not {got}): in CLOSED or LISTEN an endpoint sends a SYN only when its application calls connect, or a RST in answer to a segment that belongs to no connection.',
    'zh-CN': '你现在不应发送任何报文段（而不是 {got}）：处于 CLOSED 或 LISTEN 时，只有应用调用 connect 才发送 SYN，或者对不属于任何连接的报文段回复 RST。',
  },
  'flags.rst-required': {
    en: 'The flags must be {expected}: the segment you received belongs to no connection (or acknowledges something you never sent), and the only answer to it is a RST.',
    'zh-CN': '标志位应为 {expected}：你收到的报文段不属于任何连接（或者确认了你从未发送过的数据），对它唯一的回应就是 RST。',
  },
  'flags.rst-not-expected': {
    en: 'The flags must be {expected}, not {got}: RST aborts a connection at once, so it is sent only in answer to a segment that belongs to no connection or acknowledges something never sent.',
    'zh-CN': '标志位应为 {expected}，而不是 {got}：RST 会立即中止连接，只用于回应不属于任何连接、或确认了从未发送过的数据的报文段。',
  },
  'flags.syn-opens': {
    en: 'In SYN_SENT the segment to send is your SYN ({expected}), the first segment of the three-way handshake: nothing else can be sent before the connection is synchronized.',
    'zh-CN': '处于 SYN_SENT 时要发送的是你的 SYN（{expected}），即三次握手的第一个报文段：连接同步之前不能发送别的报文段。',
  },
  'flags.first-syn-no-ack': {
    en: 'The first SYN is sent alone, without ACK: you have received nothing from the peer yet, so there is nothing to acknowledge.',
    'zh-CN': '第一个 SYN 单独发送，不带 ACK：你还没有收到对方的任何报文段，没有什么需要确认的。',
  },
  'flags.syn-ack-answers-syn': {
    en: "In SYN_RCVD you answer the peer's SYN with SYN+ACK: SYN carries your own initial sequence number (ISN), ACK acknowledges the peer's SYN.",
    'zh-CN': '处于 SYN_RCVD 时，要用 SYN+ACK 回应对方的 SYN：SYN 携带你自己的初始序列号（ISN），ACK 确认对方的 SYN。',
  },
  'flags.syn-outside-handshake': {
    en: 'Leave SYN off: SYN only opens a connection, and this one is already synchronized. Send {expected}.',
    'zh-CN': '不要设置 SYN：SYN 只用于建立连接，而这个连接已经同步了。应发送 {expected}。',
  },
  'flags.ack-required': {
    en: 'This segment must carry ACK: once the connection is synchronized every segment carries ACK with the current ack, and a RST answering a segment without ACK is sent as RST+ACK.',
    'zh-CN': '这个报文段必须带 ACK：连接同步之后，每个报文段都带 ACK 和当前的确认号；回应不带 ACK 的报文段时，RST 也要以 RST+ACK 发送。',
  },
  'flags.fin-before-close': {
    en: 'Leave FIN off: FIN says "I will send no more data", and only your application\'s close sends it. Your application has not closed yet.',
    'zh-CN': '不要设置 FIN：FIN 表示“我不再发送数据了”，只有应用调用 close 之后才发送，而你的应用还没有关闭。',
  },
  'flags.fin-already-sent': {
    en: 'You have already sent your FIN: it is sent once, and repeated only as a retransmission with its original seq when the retransmission timer fires.',
    'zh-CN': '你已经发送过 FIN 了：FIN 只发一次，只有在超时重传时才以原来的序列号再发一次。',
  },
  'flags.fin-after-data': {
    en: 'FIN goes after all your queued data, because it says no more data follows. Send the data first, or carry all of it in the FIN segment.',
    'zh-CN': 'FIN 必须排在所有待发送的数据之后，因为它表示后面不再有数据。请先把数据发完，或者让 FIN 报文段带上全部剩余数据。',
  },
  'flags.retransmit-same-flags': {
    en: 'A retransmission repeats the original segment: the flags must be {expected} as before, with the same seq and the same bytes.',
    'zh-CN': '重传就是把原来的报文段再发一次：标志位仍应为 {expected}，序列号和数据也都不变。',
  },
  'flags.psh-without-data': {
    en: 'Leave PSH off: PSH tells the receiver to hand data to the application at once, and this segment carries no data.',
    'zh-CN': '不要设置 PSH：PSH 是让接收方立即把数据交给应用，而这个报文段不带数据。',
  },

  // ── Sequence numbers ──
  'seq.rst-equals-ack': {
    en: "The seq must be {expected}: a RST answering a segment that carried ACK takes that segment's ack as its seq, so the receiver finds it in its window and accepts it (§3.10.7.1).",
    'zh-CN': '序列号应为 {expected}：回应带 ACK 的报文段时，RST 的序列号就取该报文段的确认号，这样对方才会认为它落在窗口内并接受它。',
  },
  'seq.rst-zero': {
    en: 'The seq must be {expected}: a RST answering a segment without ACK has no sequence number of the peer to reuse, so it uses seq 0 and is sent as RST+ACK acknowledging that segment.',
    'zh-CN': '序列号应为 {expected}：回应不带 ACK 的报文段时，没有可以沿用的序列号，所以 RST 使用序列号 0，并以 RST+ACK 确认该报文段。',
  },
  'seq.retransmit-same-seq': {
    en: 'The seq must be {expected}: a retransmission repeats the segment with the seq it was first sent with, and a resent SYN keeps its initial sequence number.',
    'zh-CN': '序列号应为 {expected}：重传的报文段沿用第一次发送时的序列号，重发的 SYN 也保持原来的初始序列号。',
  },
  'seq.same-isn-simultaneous': {
    en: "The seq must be {expected}, the ISN of your own SYN: in a simultaneous open you answer the peer's SYN with SYN+ACK carrying the same ISN, because your SYN already took that number.",
    'zh-CN': '序列号应为 {expected}，即你自己那个 SYN 的初始序列号：同时打开时，你用 SYN+ACK 回应对方的 SYN，要沿用同一个初始序列号，因为你的 SYN 已经占用了这个序号。',
  },
  'seq.syn-takes-one': {
    en: 'The seq must be {expected}: your SYN took one sequence number of its own, so after it your seq is ISN + 1.',
    'zh-CN': '序列号应为 {expected}：你的 SYN 本身占用一个序列号，所以之后的序列号是初始序列号 + 1。',
  },
  'seq.fin-takes-one': {
    en: "The seq must be {expected}: your FIN took one sequence number of its own, so after it your seq is the FIN's seq + 1.",
    'zh-CN': '序列号应为 {expected}：你的 FIN 本身占用一个序列号，所以之后的序列号是 FIN 的序列号 + 1。',
  },
  'seq.next-unsent-byte': {
    en: 'The seq must be {expected}, the number of the next byte you have not sent yet: every byte you sent before moved it on by one.',
    'zh-CN': '序列号应为 {expected}，即你下一个尚未发送的字节的编号：之前发出的每个字节都让它加 1。',
  },
  'seq.retransmit-first': {
    en: 'Your retransmission timer has fired: first resend the oldest unacknowledged segment (seq {expected}), before any new data or FIN.',
    'zh-CN': '你的重传计时器已经超时：必须先重传最早那个未被确认的报文段（序列号 {expected}），然后才能发送新数据或 FIN。',
  },

  // ── Acknowledgment numbers ──
  'ack.rst-acknowledges-segment': {
    en: 'The ack must be {expected}: the RST+ACK acknowledges the segment it answers, so its ack is that segment\'s seq + its length (+1 for a SYN or FIN).',
    'zh-CN': '确认号应为 {expected}：RST+ACK 要确认它所回应的报文段，即确认号 = 该报文段的序列号 + 数据长度（SYN 或 FIN 再加 1）。',
  },
  'ack.must-acknowledge-syn': {
    en: "The ack must be {expected}: the peer's SYN takes one sequence number, so you acknowledge it with the peer's ISN + 1.",
    'zh-CN': '确认号应为 {expected}：对方的 SYN 占用一个序列号，所以确认号是对方的初始序列号 + 1。',
  },
  'ack.fin-takes-one': {
    en: "The ack must be {expected}: the peer's FIN takes one sequence number, so you acknowledge it with the FIN's seq + 1.",
    'zh-CN': '确认号应为 {expected}：对方的 FIN 占用一个序列号，所以确认号是 FIN 的序列号 + 1。',
  },
  'ack.next-expected-byte': {
    en: 'The ack must be {expected}, the next byte you expect from the peer: the seq of the data received in order plus its length. Everything before it has arrived.',
    'zh-CN': '确认号应为 {expected}，即你期望从对方收到的下一个字节：按序收到的数据的序列号加上其长度。它之前的所有字节都已收到。',
  },
  'ack.no-skipping-gaps': {
    en: 'The ack must stay at {expected}: a segment before the data you hold is missing, so you repeat the same ack (a duplicate ACK) until the gap is filled. An ack past the gap would claim bytes you never received.',
    'zh-CN': '确认号应保持为 {expected}：你已收到的数据之前还缺一个报文段，所以要重复发送相同的确认号（重复 ACK），直到缺口被填上。越过缺口确认，就等于声称收到了从未收到的字节。',
  },

  // ── Data length ──
  'len.rst-carries-no-data': {
    en: 'A RST carries no data: len must be 0.',
    'zh-CN': 'RST 不携带数据：长度应为 0。',
  },
  'len.syn-carries-no-data': {
    en: 'The SYN carries no data here: len must be 0. The SYN still takes one sequence number of its own.',
    'zh-CN': '这里的 SYN 不携带数据：长度应为 0。SYN 本身仍占用一个序列号。',
  },
  'len.retransmit-same-bytes': {
    en: 'The len must be {expected}: a retransmission resends exactly the bytes of the original segment, no more and no fewer.',
    'zh-CN': '长度应为 {expected}：重传要原样重发原报文段中的字节，不多也不少。',
  },
  'len.more-than-queued': {
    en: 'The len must be {expected}: you can send only the data your application has queued, and no more.',
    'zh-CN': '长度应为 {expected}：你只能发送应用交给你、尚未发出的数据，不能多发。',
  },
  'len.fin-after-all-data': {
    en: 'The len must be {expected}: FIN says no more data follows, so the FIN segment carries exactly the data still queued, none left behind and none extra.',
    'zh-CN': '长度应为 {expected}：FIN 表示后面不再有数据，所以 FIN 报文段必须正好带上所有剩余的待发送数据，不能留下，也不能多发。',
  },
  'len.data-after-fin': {
    en: 'After your FIN you may send no more data: len must be 0. Your FIN closed your sending direction (a half-close); you can still receive.',
    'zh-CN': '发出 FIN 之后就不能再发送数据了：长度应为 0。FIN 关闭的是你这个方向的发送（半关闭），你仍然可以接收数据。',
  },
  'len.nothing-queued': {
    en: 'Your application has given you no data to send, so len must be 0: a segment carries only bytes the application wrote.',
    'zh-CN': '应用没有交给你要发送的数据，所以长度应为 0：报文段只携带应用写入的字节。',
  },

  // ── Declared states: the state the endpoint is really in, by the row that put it there ──
  'state.initial': {
    en: 'You are still in CLOSED, not {got}: nothing has happened to this endpoint yet, and a connection begins only when the application calls listen or connect.',
    'zh-CN': '你仍处于 CLOSED，而不是 {got}：这个端点还没有发生任何事情，只有应用调用 listen 或 connect 才开始建立连接。',
  },
  'state.closed-listen': {
    en: 'The application called listen (a passive open), so you are in LISTEN, not {got}: you wait for a SYN and send nothing yet.',
    'zh-CN': '应用调用了 listen（被动打开），所以你处于 LISTEN，而不是 {got}：你在等待 SYN，暂时不发送任何报文段。',
  },
  'state.closed-connect': {
    en: "The application called connect (an active open), so you send a SYN and are in SYN_SENT, not {got}, until the peer's SYN+ACK arrives.",
    'zh-CN': '应用调用了 connect（主动打开），所以你发送 SYN 并处于 SYN_SENT，而不是 {got}，直到收到对方的 SYN+ACK。',
  },
  'state.listen-connect': {
    en: "The application called connect while you were in LISTEN, so you send a SYN and are in SYN_SENT, not {got}, until the peer's SYN+ACK arrives.",
    'zh-CN': '处于 LISTEN 时应用调用了 connect，所以你发送 SYN 并处于 SYN_SENT，而不是 {got}，直到收到对方的 SYN+ACK。',
  },
  'state.listen-close': {
    en: 'The application closed the listening socket, so you are back in CLOSED, not {got}: no connection existed yet, so nothing is sent.',
    'zh-CN': '应用关闭了处于 LISTEN 的套接字，所以你回到了 CLOSED，而不是 {got}：当时还没有连接，因此不发送任何报文段。',
  },
  'state.listen-rcv-syn': {
    en: 'A SYN arrived while you were in LISTEN, so you answer it with SYN+ACK and are in SYN_RCVD, not {got}, waiting for the ACK of your own SYN.',
    'zh-CN': '处于 LISTEN 时收到了 SYN，所以你用 SYN+ACK 回应，并处于 SYN_RCVD，而不是 {got}，等待对方用 ACK 确认你自己的 SYN。',
  },
  'state.syn-sent-rcv-syn': {
    en: "The peer's SYN arrived while your own SYN was still unanswered (a simultaneous open), so you answer with SYN+ACK and are in SYN_RCVD, not {got}, until your SYN is acknowledged.",
    'zh-CN': '你的 SYN 还没有得到回应时就收到了对方的 SYN（同时打开），所以你用 SYN+ACK 回应，并处于 SYN_RCVD，而不是 {got}，直到你的 SYN 被确认。',
  },
  'state.syn-sent-rcv-syn-ack': {
    en: 'The SYN+ACK acknowledged your SYN, so you are in ESTABLISHED, not {got}: you send the third segment of the three-way handshake, an ACK, and the connection is open.',
    'zh-CN': '对方的 SYN+ACK 确认了你的 SYN，所以你处于 ESTABLISHED，而不是 {got}：你发送三次握手的第三个报文段 ACK，连接就建立了。',
  },
  'state.syn-sent-close': {
    en: 'The application closed before the handshake finished, so you are in CLOSED, not {got}: nothing was synchronized yet, so no FIN is needed.',
    'zh-CN': '三次握手完成之前应用就关闭了，所以你处于 CLOSED，而不是 {got}：连接尚未同步，不需要发送 FIN。',
  },
  'state.syn-rcvd-rcv-ack': {
    en: 'The ACK of your SYN arrived (the third segment of the three-way handshake), so you are in ESTABLISHED, not {got}: the connection is open both ways.',
    'zh-CN': '收到了对你 SYN 的 ACK（三次握手的第三个报文段），所以你处于 ESTABLISHED，而不是 {got}：连接已在两个方向上建立。',
  },
  'state.syn-rcvd-close': {
    en: 'The application closed in SYN_RCVD, so you send a FIN and are in FIN_WAIT_1, not {got}, waiting for the ACK of your FIN.',
    'zh-CN': '处于 SYN_RCVD 时应用调用了 close，所以你发送 FIN 并处于 FIN_WAIT_1，而不是 {got}，等待对方用 ACK 确认你的 FIN。',
  },
  'state.syn-rcvd-rcv-rst-passive': {
    en: 'A valid RST arrived in SYN_RCVD, and you had come there from LISTEN, so you are back in LISTEN, not {got}: the half-open connection is dropped and you wait for the next SYN.',
    'zh-CN': '处于 SYN_RCVD 时收到了有效的 RST，而你是从 LISTEN 进入该状态的，所以你回到 LISTEN，而不是 {got}：这个半连接被丢弃，继续等待下一个 SYN。',
  },
  'state.established-close': {
    en: 'Your application closed (an active close), so you send a FIN and are in FIN_WAIT_1, not {got}: you wait for the ACK of your FIN and can still receive data.',
    'zh-CN': '你的应用调用了 close（主动关闭），所以你发送 FIN 并处于 FIN_WAIT_1，而不是 {got}：你在等待对方用 ACK 确认 FIN，同时仍可以接收数据。',
  },
  'state.established-rcv-fin': {
    en: "The peer's FIN arrived (a passive close), so you ACK it and are in CLOSE_WAIT, not {got}: you may still send your own data, and you send your FIN when your application closes.",
    'zh-CN': '收到了对方的 FIN（被动关闭），所以你回复 ACK 并处于 CLOSE_WAIT，而不是 {got}：你仍可以发送自己的数据，等应用调用 close 时再发送你的 FIN。',
  },
  'state.fin-wait-1-rcv-ack-of-fin': {
    en: "Your FIN has been acknowledged, so you are in FIN_WAIT_2, not {got}: your sending direction is closed (a half-close), and you wait for the peer's FIN while you can still receive data.",
    'zh-CN': '你的 FIN 已被确认，所以你处于 FIN_WAIT_2，而不是 {got}：你这个方向的发送已经关闭（半关闭），你在等待对方的 FIN，同时仍可以接收数据。',
  },
  'state.fin-wait-1-rcv-fin': {
    en: "The peer's FIN arrived before your own FIN was acknowledged (a simultaneous close), so you ACK it and are in CLOSING, not {got}, waiting for the ACK of your FIN.",
    'zh-CN': '你的 FIN 还没被确认时就收到了对方的 FIN（同时关闭），所以你回复 ACK 并处于 CLOSING，而不是 {got}，等待对方用 ACK 确认你的 FIN。',
  },
  'state.fin-wait-2-rcv-fin': {
    en: "The peer's FIN arrived after your FIN was acknowledged (perhaps in the same FIN+ACK segment), so you ACK it and are in TIME_WAIT, not {got}: you wait 2×MSL in case that last ACK is lost and the FIN comes again.",
    'zh-CN': '你的 FIN 被确认后又收到了对方的 FIN（也可能在同一个 FIN+ACK 报文段中），所以你回复 ACK 并处于 TIME_WAIT，而不是 {got}：你要等待 2×MSL，以防最后的 ACK 丢失、对方重传 FIN。',
  },
  'state.closing-rcv-ack-of-fin': {
    en: 'In CLOSING the ACK of your FIN arrived, so both directions are closed and you are in TIME_WAIT, not {got}: you wait 2×MSL before CLOSED.',
    'zh-CN': '处于 CLOSING 时收到了对你 FIN 的 ACK，两个方向都已关闭，所以你处于 TIME_WAIT，而不是 {got}：要等待 2×MSL 才进入 CLOSED。',
  },
  'state.time-wait-timeout': {
    en: 'The 2×MSL timer has expired, so TIME_WAIT is over and you are in CLOSED, not {got}: old segments of this connection have died out by now.',
    'zh-CN': '2×MSL 计时器已经到期，TIME_WAIT 结束，所以你处于 CLOSED，而不是 {got}：这个连接的旧报文段此时都已在网络中消失。',
  },
  'state.close-wait-close': {
    en: 'Your application closed in CLOSE_WAIT, so you send your FIN and are in LAST_ACK, not {got}, waiting for the final ACK.',
    'zh-CN': '处于 CLOSE_WAIT 时应用调用了 close，所以你发送自己的 FIN 并处于 LAST_ACK，而不是 {got}，等待最后一个 ACK。',
  },
  'state.last-ack-rcv-ack-of-fin': {
    en: 'The final ACK acknowledged your FIN, so you are in CLOSED, not {got}: as the passive closer you need no TIME_WAIT.',
    'zh-CN': '最后一个 ACK 确认了你的 FIN，所以你处于 CLOSED，而不是 {got}：被动关闭的一方不需要经过 TIME_WAIT。',
  },
  'state.syn-rcvd-rcv-rst-active': {
    en: 'A valid RST arrived in SYN_RCVD, and you had opened actively with connect, so you are in CLOSED, not {got}: the peer refused the connection.',
    'zh-CN': '处于 SYN_RCVD 时收到了有效的 RST，而你是通过 connect 主动打开的，所以你处于 CLOSED，而不是 {got}：对方拒绝了这个连接。',
  },
  'state.syn-sent-rcv-rst': {
    en: 'A RST acknowledging your SYN arrived in SYN_SENT: the peer refused the connection (nobody listens on that port), so you are in CLOSED, not {got}.',
    'zh-CN': '处于 SYN_SENT 时收到了确认你 SYN 的 RST：对方拒绝了连接（该端口上没有进程在监听），所以你处于 CLOSED，而不是 {got}。',
  },
  'state.synchronized-rcv-rst': {
    en: 'A valid RST arrived, so the connection is aborted at once and you are in CLOSED, not {got}: there is no FIN exchange and no TIME_WAIT.',
    'zh-CN': '收到了有效的 RST，连接立即中止，所以你处于 CLOSED，而不是 {got}：不再交换 FIN，也不经过 TIME_WAIT。',
  },
};
