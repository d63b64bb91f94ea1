/**
 * The explanation of every rule the judge can cite (shared/tcp/rules.ts `RULES`), in every
 * language, written for a student who has just broken it: what was expected and why. `{expected}`
 * and `{got}` are filled in by `explainRule` (index.ts). State and flag names stay in English in
 * both languages, as textbooks print them. Sections cited are RFC 9293's.
 *
 * Each text must be true in every situation in which the judge raises its rule, not only in the
 * textbook one (tests/shared/i18n/situations.test.ts explores the engine to check the facts a
 * text asserts).
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
    en: 'The flags must be {expected}, not {got}: RST aborts a connection at once, so it is sent only in answer to a segment that belongs to no connection or acknowledges something never sent, or when your own application aborts.',
    'zh-CN': '标志位应为 {expected}，而不是 {got}：RST 会立即中止连接，只用于回应不属于任何连接、或确认了从未发送过的数据的报文段，或在你自己的应用中止连接时发送。',
  },
  'flags.syn-opens': {
    en: 'The flags must be SYN alone: your connection is not synchronized yet, and only a SYN, the first segment of the three-way handshake, opens it. No ACK, data or FIN can be sent before the peer has answered it.',
    'zh-CN': '标志位应只有 SYN：你的连接还没有同步，只有 SYN（三次握手的第一个报文段）才能建立连接。在对方回应它之前，不能发送 ACK、数据或 FIN。',
  },
  'flags.first-syn-no-ack': {
    en: "A SYN that opens a connection is sent alone, without ACK: you have not received the peer's SYN yet, so there is nothing to acknowledge.",
    'zh-CN': '发起连接的 SYN 单独发送，不带 ACK：你还没有收到对方的 SYN，没有什么需要确认的。',
  },
  'flags.syn-ack-answers-syn': {
    en: "The flags must be SYN+ACK: the peer's SYN is answered with SYN+ACK, where SYN carries your own initial sequence number (ISN) and ACK acknowledges the peer's SYN. You send it (again, if need be) until your SYN is acknowledged.",
    'zh-CN': '标志位应为 SYN+ACK：对方的 SYN 要用 SYN+ACK 回应，其中 SYN 携带你自己的初始序列号（ISN），ACK 确认对方的 SYN。在你的 SYN 被确认之前，需要时就（再次）发送它。',
  },
  'flags.syn-outside-handshake': {
    en: 'Leave SYN off: SYN only opens a connection, and yours has already been sent; a segment like this one never carries it. Send {expected}.',
    'zh-CN': '不要设置 SYN：SYN 只用于建立连接，而你的 SYN 已经发送过了，这样的报文段不带 SYN。应发送 {expected}。',
  },
  'flags.ack-required': {
    en: "This segment must carry ACK: once you have received the peer's SYN, every segment you send, a RST aside, carries ACK with the current ack.",
    'zh-CN': '这个报文段必须带 ACK：收到对方的 SYN 之后，除 RST 以外，你发送的每个报文段都带 ACK 和当前的确认号。',
  },
  'flags.fin-before-close': {
    en: 'Leave FIN off: FIN says "I will send no more data", and only your application\'s close sends it. Your application has not closed yet.',
    'zh-CN': '不要设置 FIN：FIN 表示“我不再发送数据了”，只有应用调用 close 之后才发送，而你的应用还没有关闭。',
  },
  'flags.fin-already-sent': {
    en: 'Leave FIN off: you have already sent your FIN. A FIN is sent once; it goes again only as a retransmission of that same segment, with its original seq, while it is unacknowledged.',
    'zh-CN': '不要设置 FIN：你已经发送过 FIN 了。FIN 只发一次；只有在它尚未被确认时，才作为同一个报文段以原来的序列号重传。',
  },
  'flags.fin-after-data': {
    en: 'Leave FIN off for now: FIN says nothing more follows, so it goes last, after all the data still queued (the FIN segment may carry all of it) and after your SYN+ACK if that is still owed.',
    'zh-CN': '现在不要设置 FIN：FIN 表示后面不再有任何内容，所以它必须最后发送：排在所有待发送的数据之后（FIN 报文段也可以带上全部剩余数据），如果还欠着 SYN+ACK，也要排在它之后。',
  },
  'flags.retransmit-same-flags': {
    en: 'The flags must be {expected}: the correct segment nearest to this one is a retransmission, and a retransmission repeats the original segment exactly (same flags, same seq, same bytes).',
    'zh-CN': '标志位应为 {expected}：与这个报文段最接近的正确报文段是一次重传，而重传要原样重发原来的报文段（标志位、序列号和数据都不变）。',
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
    en: "The seq must be {expected}: the segment you answer carried no ACK, so there is no ack to take as the RST's seq. The RST uses seq 0 and is sent as RST+ACK, acknowledging that segment.",
    'zh-CN': '序列号应为 {expected}：你要回应的报文段不带 ACK，没有确认号可以拿来作为 RST 的序列号，所以 RST 使用序列号 0，并以 RST+ACK 确认该报文段。',
  },
  'seq.retransmit-same-seq': {
    en: 'The seq must be {expected}: a retransmission resends a segment that is not yet acknowledged, with the seq it was first sent with; a resent SYN or SYN+ACK keeps its initial sequence number.',
    'zh-CN': '序列号应为 {expected}：重传的是尚未被确认的报文段，要沿用它第一次发送时的序列号；重发的 SYN 或 SYN+ACK 也保持原来的初始序列号。',
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
    en: 'The seq must be {expected}, the number of the next byte you have not sent yet: your SYN took one number, and every data byte you sent took one more.',
    'zh-CN': '序列号应为 {expected}，即你下一个尚未发送的字节的编号：你的 SYN 占用了一个序号，之后发出的每个数据字节又各占一个。',
  },
  'seq.retransmit-first': {
    en: 'Your retransmission timer has fired: first resend the oldest unacknowledged segment (seq {expected}), before any new data or FIN.',
    'zh-CN': '你的重传计时器已经超时：必须先重传最早那个未被确认的报文段（序列号 {expected}），然后才能发送新数据或 FIN。',
  },

  // ── Acknowledgment numbers ──
  'ack.rst-acknowledges-segment': {
    en: "The ack must be {expected}: the RST+ACK acknowledges the segment it answers, so its ack is that segment's seq + its length (+1 for a SYN or FIN).",
    'zh-CN': '确认号应为 {expected}：RST+ACK 要确认它所回应的报文段，即确认号 = 该报文段的序列号 + 数据长度（SYN 或 FIN 再加 1）。',
  },
  'ack.must-acknowledge-syn': {
    en: "The ack must be {expected}, the peer's ISN + 1: the peer's SYN takes one sequence number, and nothing after it has arrived in order yet.",
    'zh-CN': '确认号应为 {expected}，即对方的初始序列号 + 1：对方的 SYN 占用一个序列号，而在它之后还没有按序收到任何数据。',
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
    en: 'The ack must stay at {expected}: what you hold arrived ahead of a gap (a segment before it is missing), so you repeat the same ack, a duplicate ACK, until the gap is filled. An ack past the gap would claim bytes you never received.',
    'zh-CN': '确认号应保持为 {expected}：你手上的内容是越过缺口先到的（它之前还缺一个报文段），所以要重复发送相同的确认号（重复 ACK），直到缺口被填上。越过缺口确认，就等于声称收到了从未收到的字节。',
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
    en: 'The len must be {expected}: a data segment carries at least one byte, and at most the bytes your application has queued that you have not sent yet.',
    'zh-CN': '长度应为 {expected}：数据报文段至少携带一个字节，最多只能携带应用交给你、尚未发出的字节。',
  },
  'len.fin-after-all-data': {
    en: 'The len must be {expected}: FIN says no more data follows, so the FIN segment carries exactly the data still queued, none left behind and none extra.',
    'zh-CN': '长度应为 {expected}：FIN 表示后面不再有数据，所以 FIN 报文段必须正好带上所有剩余的待发送数据，不能留下，也不能多发。',
  },
  'len.data-after-fin': {
    en: 'After your FIN you may send no more data: len must be 0. Your FIN closed your sending direction for good; the other direction stays open until the peer\'s FIN (a half-close).',
    'zh-CN': '发出 FIN 之后就不能再发送数据了：长度应为 0。FIN 永久关闭了你这个方向的发送；另一个方向要等到对方的 FIN 才关闭（半关闭）。',
  },
  'len.nothing-queued': {
    en: 'The len must be 0: no data of yours can go now. Your application has given you none (or, before the handshake is complete, its data waits for ESTABLISHED), and a segment carries only bytes the application wrote.',
    'zh-CN': '长度应为 0：你现在没有可以发送的数据。应用没有交给你任何数据（或者握手尚未完成，数据要等到 ESTABLISHED 才能发送），而报文段只携带应用写入的字节。',
  },
  'len.all-data-sent': {
    en: 'The len must be 0: every byte your application gave you has already been sent, and each byte is sent once (again only in a retransmission, with its original seq). There is no new data to send.',
    'zh-CN': '长度应为 0：应用交给你的每个字节都已经发送过了，每个字节只发送一次（只有重传时才以原来的序列号再发）。现在没有新的数据要发送。',
  },

  // ── Declared states: the state the endpoint is really in, by the row that put it there ──
  'state.initial': {
    en: 'You are still in CLOSED, not {got}: no connection has started here yet. One starts with listen (LISTEN), or with the SYN you send after connect (SYN_SENT).',
    'zh-CN': '你仍处于 CLOSED，而不是 {got}：这里还没有开始任何连接。连接从 listen（LISTEN）开始，或者从 connect 之后你发出的 SYN（SYN_SENT）开始。',
  },
  'state.closed-listen': {
    en: 'Your application called listen (a passive open), so you are in LISTEN, not {got}, until a SYN arrives (or, after connect, your own SYN goes out).',
    'zh-CN': '应用调用了 listen（被动打开），所以你处于 LISTEN，而不是 {got}，直到收到 SYN（或者在 connect 之后发出你自己的 SYN）。',
  },
  'state.closed-connect': {
    en: "After connect (an active open) your SYN starts SYN_SENT: you are in SYN_SENT, not {got}, until a SYN+ACK that acknowledges your SYN arrives (or the peer's own SYN).",
    'zh-CN': '应用调用 connect（主动打开）之后，你发出的 SYN 开始了 SYN_SENT：你处于 SYN_SENT，而不是 {got}，直到收到确认你 SYN 的 SYN+ACK（或对方自己的 SYN）。',
  },
  'state.listen-connect': {
    en: "Your application called connect while you were in LISTEN, and your SYN starts SYN_SENT: you are in SYN_SENT, not {got}, until a SYN+ACK that acknowledges your SYN arrives (or the peer's own SYN).",
    'zh-CN': '处于 LISTEN 时应用调用了 connect，你发出的 SYN 开始了 SYN_SENT：你处于 SYN_SENT，而不是 {got}，直到收到确认你 SYN 的 SYN+ACK（或对方自己的 SYN）。',
  },
  'state.listen-close': {
    en: 'Your application closed the listening socket, so you are in CLOSED, not {got}: no connection had begun, so closing it sent nothing, not even a FIN.',
    'zh-CN': '应用关闭了处于 LISTEN 的套接字，所以你处于 CLOSED，而不是 {got}：当时还没有任何连接，关闭时不发送任何报文段，也不发送 FIN。',
  },
  'state.listen-rcv-syn': {
    en: 'A SYN arrived while you were in LISTEN, so you answer it with SYN+ACK and are in SYN_RCVD, not {got}, waiting for the ACK of your own SYN.',
    'zh-CN': '处于 LISTEN 时收到了 SYN，所以你用 SYN+ACK 回应，并处于 SYN_RCVD，而不是 {got}，等待对方用 ACK 确认你自己的 SYN。',
  },
  'state.syn-sent-rcv-syn': {
    en: "The peer's SYN arrived after your application called connect (a simultaneous open), so you answer it with SYN+ACK and are in SYN_RCVD, not {got}, until your SYN is acknowledged.",
    'zh-CN': '应用调用 connect 之后收到了对方的 SYN（同时打开），所以你用 SYN+ACK 回应，并处于 SYN_RCVD，而不是 {got}，直到你的 SYN 被确认。',
  },
  'state.syn-sent-rcv-syn-ack': {
    en: 'A SYN+ACK acknowledged your SYN, so you are in ESTABLISHED, not {got}: you answer with an ACK, the third segment of the three-way handshake, and the connection is open.',
    'zh-CN': '对方的 SYN+ACK 确认了你的 SYN，所以你处于 ESTABLISHED，而不是 {got}：你用 ACK 回应（三次握手的第三个报文段），连接就建立了。',
  },
  'state.syn-sent-close': {
    en: 'The application closed before the handshake finished, so you are in CLOSED, not {got}: nothing was synchronized yet, so no FIN is needed.',
    'zh-CN': '三次握手完成之前应用就关闭了，所以你处于 CLOSED，而不是 {got}：连接尚未同步，不需要发送 FIN。',
  },
  'state.syn-rcvd-rcv-ack': {
    en: 'The ACK of your SYN arrived, so you are in ESTABLISHED, not {got}: the handshake is complete and the connection is open both ways.',
    'zh-CN': '收到了对你 SYN 的 ACK，所以你处于 ESTABLISHED，而不是 {got}：握手已经完成，连接在两个方向上都已建立。',
  },
  'state.syn-rcvd-close': {
    en: 'Your application closed during the handshake (in SYN_RCVD), and your FIN starts FIN_WAIT_1: you are in FIN_WAIT_1, not {got}, waiting for the ACK of your FIN.',
    'zh-CN': '应用在握手期间（SYN_RCVD 时）调用了 close，你发出的 FIN 开始了 FIN_WAIT_1：你处于 FIN_WAIT_1，而不是 {got}，等待对方用 ACK 确认你的 FIN。',
  },
  'state.syn-rcvd-rcv-rst-passive': {
    en: 'A valid RST arrived in SYN_RCVD, and you had come there from LISTEN, so you are back in LISTEN, not {got}: the half-open connection is dropped, as if its SYN had never come.',
    'zh-CN': '处于 SYN_RCVD 时收到了有效的 RST，而你是从 LISTEN 进入该状态的，所以你回到 LISTEN，而不是 {got}：这个半连接被丢弃，就像那个 SYN 从未到来一样。',
  },
  'state.established-close': {
    en: 'Your application closed (an active close), and your FIN starts FIN_WAIT_1: you are in FIN_WAIT_1, not {got}, waiting for the ACK of your FIN, and you can still receive data.',
    'zh-CN': '你的应用调用了 close（主动关闭），你发出的 FIN 开始了 FIN_WAIT_1：你处于 FIN_WAIT_1，而不是 {got}，在等待对方用 ACK 确认 FIN，同时仍可以接收数据。',
  },
  'state.established-rcv-fin': {
    en: "The peer's FIN arrived before you had sent yours, so you ACK it and are in CLOSE_WAIT, not {got}: you may still send data, and CLOSE_WAIT lasts until you send your own FIN after your application closes.",
    'zh-CN': '你还没有发出 FIN 时就收到了对方的 FIN，所以你回复 ACK 并处于 CLOSE_WAIT，而不是 {got}：你仍可以发送数据，CLOSE_WAIT 一直持续到应用调用 close 后你发出自己的 FIN。',
  },
  'state.fin-wait-1-rcv-ack-of-fin': {
    en: "Your FIN has been acknowledged, so you are in FIN_WAIT_2, not {got}: your sending direction is closed (a half-close), and you wait for the peer's FIN while you can still receive data.",
    'zh-CN': '你的 FIN 已被确认，所以你处于 FIN_WAIT_2，而不是 {got}：你这个方向的发送已经关闭（半关闭），你在等待对方的 FIN，同时仍可以接收数据。',
  },
  'state.fin-wait-1-rcv-fin': {
    en: "Both sides closed, and the peer's FIN arrived before the ACK of yours (a simultaneous close), so you ACK it and are in CLOSING, not {got}, waiting for the ACK of your own FIN.",
    'zh-CN': '双方都关闭了，而对方的 FIN 先于对你 FIN 的确认到达（同时关闭），所以你回复 ACK 并处于 CLOSING，而不是 {got}，等待对方用 ACK 确认你自己的 FIN。',
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
    en: 'Your application closed in CLOSE_WAIT, and your FIN starts LAST_ACK: you are in LAST_ACK, not {got}, waiting for the final ACK.',
    'zh-CN': '处于 CLOSE_WAIT 时应用调用了 close，你发出的 FIN 开始了 LAST_ACK：你处于 LAST_ACK，而不是 {got}，等待最后一个 ACK。',
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
    en: 'A RST acknowledging your SYN arrived in SYN_SENT: the peer refused the connection (typically nobody listens on that port), so you are in CLOSED, not {got}.',
    'zh-CN': '处于 SYN_SENT 时收到了确认你 SYN 的 RST：对方拒绝了连接（通常是该端口上没有进程在监听），所以你处于 CLOSED，而不是 {got}。',
  },
  'state.synchronized-rcv-rst': {
    en: 'A valid RST arrived, so the connection is aborted at once and you are in CLOSED, not {got}: there is no FIN exchange and no TIME_WAIT.',
    'zh-CN': '收到了有效的 RST，连接立即中止，所以你处于 CLOSED，而不是 {got}：不再交换 FIN，也不经过 TIME_WAIT。',
  },

  // ── Declared states: a later state declared too early (the endpoint is still where it is) ──
  'state.still-listen': {
    en: 'You are still in LISTEN, not {got}: LISTEN waits for a peer\'s SYN (or, after connect, for your own SYN to go out), and neither has happened since you entered it. A RST that drops a half-open connection sends you back to LISTEN, not to CLOSED.',
    'zh-CN': '你仍处于 LISTEN，而不是 {got}：LISTEN 在等待对方的 SYN（或者在 connect 之后等你自己的 SYN 发出），而进入 LISTEN 以来这两件事都还没有发生。丢弃半连接的 RST 会让你回到 LISTEN，而不是 CLOSED。',
  },
  'state.still-syn-sent': {
    en: "You are still in SYN_SENT, not {got}: SYN_SENT waits for a SYN+ACK that acknowledges your SYN (then ESTABLISHED) or for the peer's own SYN (then SYN_RCVD). A SYN+ACK whose ack does not match your SYN is stale: you answer it with RST and stay in SYN_SENT.",
    'zh-CN': '你仍处于 SYN_SENT，而不是 {got}：SYN_SENT 在等待确认你 SYN 的 SYN+ACK（之后进入 ESTABLISHED），或者对方自己的 SYN（之后进入 SYN_RCVD）。确认号与你的 SYN 不符的 SYN+ACK 是过期的：你用 RST 回应它，并留在 SYN_SENT。',
  },
  'state.still-syn-rcvd': {
    en: "You are still in SYN_RCVD, not {got}: you have the peer's SYN, and SYN_RCVD waits for the ACK of your own SYN (the one in your SYN+ACK) before the connection is ESTABLISHED.",
    'zh-CN': '你仍处于 SYN_RCVD，而不是 {got}：你已经收到对方的 SYN，SYN_RCVD 要等到你自己的 SYN（SYN+ACK 中的那个）被 ACK 确认，连接才进入 ESTABLISHED。',
  },
  'state.still-established': {
    en: "You are still in ESTABLISHED, not {got}: ESTABLISHED lasts until a FIN moves it on (your own FIN, sent after your application closes, or the peer's FIN arriving) or a RST ends it. Data and ACKs alone keep you in ESTABLISHED.",
    'zh-CN': '你仍处于 ESTABLISHED，而不是 {got}：ESTABLISHED 一直持续到有 FIN 推动它（应用调用 close 后你发出的 FIN，或者收到对方的 FIN），或者被 RST 中止。只收发数据和 ACK 会让你一直处于 ESTABLISHED。',
  },
  'state.still-fin-wait-1': {
    en: "You are still in FIN_WAIT_1, not {got}: FIN_WAIT_1 begins with your FIN and waits for its ACK (then FIN_WAIT_2) or for the peer's FIN (then CLOSING, or TIME_WAIT if one segment brings both); neither has arrived yet.",
    'zh-CN': '你仍处于 FIN_WAIT_1，而不是 {got}：FIN_WAIT_1 从你的 FIN 开始，等待对它的 ACK（之后进入 FIN_WAIT_2）或对方的 FIN（之后进入 CLOSING；如果一个报文段同时带来两者，则进入 TIME_WAIT），而这两者都还没有到达。',
  },
  'state.still-fin-wait-2': {
    en: "You are still in FIN_WAIT_2, not {got}: your FIN is acknowledged, and FIN_WAIT_2 waits for the peer's FIN; until it arrives the peer may still send you data.",
    'zh-CN': '你仍处于 FIN_WAIT_2，而不是 {got}：你的 FIN 已被确认，FIN_WAIT_2 在等待对方的 FIN；在它到达之前，对方仍可以给你发送数据。',
  },
  'state.still-closing': {
    en: 'You are still in CLOSING, not {got}: both sides have sent a FIN, and CLOSING waits for the ACK of your own FIN; only then do you go to TIME_WAIT.',
    'zh-CN': '你仍处于 CLOSING，而不是 {got}：双方都已发出 FIN，CLOSING 在等待对你自己 FIN 的 ACK，收到之后才进入 TIME_WAIT。',
  },
  'state.still-time-wait': {
    en: 'You are still in TIME_WAIT, not {got}: TIME_WAIT lasts 2×MSL, and you are in CLOSED only when the 2×MSL timer fires. If your last ACK was lost, the peer\'s FIN comes again: you ACK it again, and that restarts the timer.',
    'zh-CN': '你仍处于 TIME_WAIT，而不是 {got}：TIME_WAIT 要持续 2×MSL，只有 2×MSL 计时器到期你才进入 CLOSED。如果你最后的 ACK 丢失了，对方会重传 FIN：你要再次 ACK，而这会让计时器重新开始。',
  },
  'state.still-close-wait': {
    en: 'You are still in CLOSE_WAIT, not {got}: the peer has closed its direction, and CLOSE_WAIT lasts until you send your own FIN, after your application closes (you may send data first). Only that FIN starts LAST_ACK.',
    'zh-CN': '你仍处于 CLOSE_WAIT，而不是 {got}：对方已经关闭了它那个方向，CLOSE_WAIT 一直持续到应用调用 close 后你发出自己的 FIN（在此之前你还可以发送数据）。只有这个 FIN 才开始 LAST_ACK。',
  },
  'state.still-last-ack': {
    en: 'You are still in LAST_ACK, not {got}: LAST_ACK begins with your FIN and waits for the final ACK of it; only that ACK brings you to CLOSED (the passive closer has no TIME_WAIT).',
    'zh-CN': '你仍处于 LAST_ACK，而不是 {got}：LAST_ACK 从你的 FIN 开始，等待对它的最后一个 ACK；只有这个 ACK 才让你进入 CLOSED（被动关闭的一方没有 TIME_WAIT）。',
  },

  // ── Declared states: a state begins with the segment that makes it ──
  'state.connect-waits-for-syn': {
    en: 'You are still in {expected}, not {got}: your application called connect, but your SYN has not gone out yet. RFC 9293 and Linux enter SYN_SENT at the connect call, as they send the SYN at once; this game names your state after each segment you send, so SYN_SENT, and every state after it, begins with the segment that carries your SYN.',
    'zh-CN': '你仍处于 {expected}，而不是 {got}：应用调用了 connect，但你的 SYN 还没有发出。RFC 9293 和 Linux 在调用 connect 时就进入 SYN_SENT，因为它们会立即发送 SYN；本游戏按你发送的每个报文段来确定你的状态，所以 SYN_SENT 以及之后的所有状态，都从携带你的 SYN 的那个报文段开始。',
  },
  'state.close-waits-for-fin': {
    en: 'You are still in {expected}, not {got}: your application called close, but your FIN has not gone out yet. Linux (and RFC 9293, for a close in ESTABLISHED) changes state at the close call itself; this game names your state after each segment you send, so {got} begins with the segment that carries your FIN, and a pure ACK or data sent before it keeps you in {expected}.',
    'zh-CN': '你仍处于 {expected}，而不是 {got}：应用调用了 close，但你的 FIN 还没有发出。Linux（以及 RFC 9293 对 ESTABLISHED 时的 close）在调用 close 时就改变状态；本游戏按你发送的每个报文段来确定你的状态，所以 {got} 从携带你的 FIN 的那个报文段开始，在它之前发出的纯 ACK 或数据报文段都让你留在 {expected}。',
  },
  // ── The application's abort (RFC 9293 §3.10.5) ──
  'flags.abort-sends-rst': {
    en: 'The flags must be {expected}: your application aborted the connection (as a socket closed with SO_LINGER 0 does), and an abort tells the peer with a RST, not a FIN. The connection ends at once, without the four-way wave (§3.10.5).',
    'zh-CN': '标志位应为 {expected}：你的应用中止了连接（就像以 SO_LINGER 为 0 关闭套接字那样），中止要用 RST 而不是 FIN 通知对方。连接立即结束，不经过四次挥手。',
  },
  'seq.abort-rst-next-unsent': {
    en: 'The seq must be {expected}: the RST of an abort carries SND.NXT, the next sequence number you would have sent. That is the number the peer expects next, so the peer accepts the reset (§3.10.5).',
    'zh-CN': '序列号应为 {expected}：中止时发送的 RST 携带 SND.NXT，即你下一个本应发送的序列号。这正是对方期望收到的下一个序列号，所以对方会接受这个 RST。',
  },
  'state.abort-reset': {
    en: 'Your application aborted the connection, so you are in CLOSED, not {got}: an abort deletes the connection at once and tells a peer that knows of it with a RST; there is no FIN exchange and no TIME_WAIT.',
    'zh-CN': '应用中止了连接，所以你处于 CLOSED，而不是 {got}：中止会立即删除连接，并用 RST 通知知道这个连接的对方；不交换 FIN，也不经过 TIME_WAIT。',
  },
  'state.abort-quietly': {
    en: 'Your application aborted, so you are in CLOSED, not {got}: the connection is deleted at once and no RST is sent, because no peer is synchronized with it yet (LISTEN, SYN_SENT) or both sides have closed already (CLOSING, LAST_ACK, TIME_WAIT) (§3.10.5).',
    'zh-CN': '应用中止了连接，所以你处于 CLOSED，而不是 {got}：连接立即被删除，也不发送 RST，因为还没有与之同步的对方（LISTEN、SYN_SENT），或者双方都已经关闭（CLOSING、LAST_ACK、TIME_WAIT）。',
  },
  'state.abort-waits-for-rst': {
    en: 'You are still in {expected}, not {got}: your application aborted, but your RST has not gone out yet. RFC 9293 deletes the connection at the abort call itself; this game names your state after each segment you send, so CLOSED begins with the segment that carries your RST.',
    'zh-CN': '你仍处于 {expected}，而不是 {got}：应用中止了连接，但你的 RST 还没有发出。RFC 9293 在调用 abort 时就删除连接；本游戏按你发送的每个报文段来确定你的状态，所以 CLOSED 从携带你的 RST 的那个报文段开始。',
  },
  // ── Old duplicates and a new incarnation (RFC 1122 §4.2.2.13, RFC 6191) ──
  'seq.isn-above-last-connection': {
    en: 'The seq must be at least {expected}, not {got}: these ports had a connection before, and your new ISN must lie above every sequence number it used. A real stack draws its ISN from a clock that keeps moving (RFC 6528), so it does; a peer still in TIME_WAIT takes only a SYN above its RCV.NXT for a new connection, and answers any other as an old duplicate.',
    'zh-CN': '序列号至少应为 {expected}，而不是 {got}：这对端口之前有过一个连接，你新的初始序列号必须高于旧连接用过的每一个序列号。真实的协议栈按不断前进的时钟选择初始序列号，所以总是如此；仍处于 TIME_WAIT 的对方只把序列号高于它的 RCV.NXT 的 SYN 当作新连接，其余的都被当作过期的重复报文段。',
  },
  'state.time-wait-rcv-new-syn': {
    en: 'A SYN arrived in TIME_WAIT with a seq above your RCV.NXT, so it cannot be an old duplicate of the connection that ended: you forget that connection, answer the SYN with SYN+ACK and are in SYN_RCVD of a new one, not {got} (RFC 1122 §4.2.2.13, RFC 6191, as Linux does).',
    'zh-CN': '处于 TIME_WAIT 时收到了一个序列号高于你的 RCV.NXT 的 SYN，它不可能是已结束连接的过期重复报文段：你丢弃旧连接，用 SYN+ACK 回应这个 SYN，处于新连接的 SYN_RCVD，而不是 {got}。',
  },
  // ── The listen queue: half-open connections from other addresses (SYN flood) ──
  'state.queue-rcv-syn': {
    en: 'This connection is in SYN_RCVD, not {got}: a SYN from this address took a slot of your listen queue, and the connection stays half-open, in SYN_RCVD, until the third segment of the handshake acknowledges your SYN+ACK (or its retries run out and it is dropped). Your listening socket is still in LISTEN for everyone else.',
    'zh-CN': '这个连接处于 SYN_RCVD，而不是 {got}：来自这个地址的 SYN 占用了你的监听队列中的一个位置，在握手的第三个报文段确认你的 SYN+ACK 之前（或者重试次数用完、被丢弃之前），这个连接一直是半连接，处于 SYN_RCVD。对其他人来说，你的监听套接字仍处于 LISTEN。',
  },
};
