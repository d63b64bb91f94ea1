/**
 * The hint a practising student sees at their FIRST mistake on a rule (shared/tcp/rules.ts
 * `RULES`), in every language: it points at the field and the principle, preferably as a question,
 * without giving the answer away. So a hint has no `{expected}`, no number, and a hint about a
 * declared state never names the state the endpoint is really in. `{got}` (what the student
 * chose) may appear. The second mistake on the same rule shows the full explanation (`RULE_TEXT`,
 * rules.ts); the server decides which one a student sees.
 */
export const RULE_HINT: Record<string, { en: string; 'zh-CN': string }> = {
  // ── Flags ──
  'flags.no-segment-owed': {
    en: 'Does anything oblige you to send a segment now? Think about when a socket that is closed, or only listening, sends anything at all.',
    'zh-CN': '现在有什么事情要求你发送报文段吗？想一想：关闭的或只在监听的套接字，在什么情况下才会发送报文段？',
  },
  'flags.rst-required': {
    en: 'The segment you received cannot belong to any connection of yours. What is the one answer TCP gives to such a segment?',
    'zh-CN': '你收到的报文段不可能属于你的任何连接。对这样的报文段，TCP 只有一种回应，是什么？',
  },
  'flags.rst-not-expected': {
    en: 'You chose {got}. RST aborts a connection at once: does the segment you are answering really belong to no connection?',
    'zh-CN': '你选择了 {got}。RST 会立即中止连接：你要回应的报文段真的不属于任何连接吗？',
  },
  'flags.syn-opens': {
    en: 'Your connection is not synchronized yet. Which segment opens a connection, and which flags does it carry?',
    'zh-CN': '你的连接还没有同步。哪个报文段用来建立连接？它带哪些标志位？',
  },
  'flags.first-syn-no-ack': {
    en: 'Your opening segment sets ACK. Have you received anything from the peer yet that needs acknowledging?',
    'zh-CN': '你发起连接的报文段设置了 ACK。你已经从对方那里收到需要确认的东西了吗？',
  },
  'flags.syn-ack-answers-syn': {
    en: "You are answering the peer's SYN: which flag announces your own initial sequence number, and which one acknowledges theirs?",
    'zh-CN': '你在回应对方的 SYN：哪个标志位宣告你自己的初始序列号？哪个标志位确认对方的 SYN？',
  },
  'flags.syn-outside-handshake': {
    en: 'You set SYN, but your own SYN has already gone out. What is SYN for, and is this segment doing that job?',
    'zh-CN': '你设置了 SYN，但你自己的 SYN 早已发出。SYN 是做什么用的？这个报文段是在做这件事吗？',
  },
  'flags.ack-required': {
    en: "You have received the peer's SYN. Which flag must every segment you send from then on carry (a RST aside)?",
    'zh-CN': '你已经收到了对方的 SYN。从那以后，你发送的每个报文段（RST 除外）都必须带哪个标志位？',
  },
  'flags.fin-before-close': {
    en: 'You set FIN. Who decides that you will send no more data, and has that decision been made yet?',
    'zh-CN': '你设置了 FIN。由谁来决定你不再发送数据？这个决定已经做出了吗？',
  },
  'flags.fin-already-sent': {
    en: 'You set FIN. How many FINs does one direction of a connection send, and have you sent yours already?',
    'zh-CN': '你设置了 FIN。一个方向上的连接要发送几个 FIN？你的 FIN 是不是已经发过了？',
  },
  'flags.fin-after-data': {
    en: 'You set FIN. A FIN says nothing more will follow: is there still something of yours that must go out before it?',
    'zh-CN': '你设置了 FIN。FIN 表示后面不再有任何内容：在它之前，你是不是还有必须先发出去的东西？',
  },
  'flags.retransmit-same-flags': {
    en: 'This is a retransmission. Should its flags differ from those of the segment you sent the first time?',
    'zh-CN': '这是一次重传。它的标志位应该和你第一次发送的那个报文段不同吗？',
  },
  'flags.psh-without-data': {
    en: 'You set PSH. PSH asks the receiver to hand data to the application at once: what data does this segment carry?',
    'zh-CN': '你设置了 PSH。PSH 要求接收方立即把数据交给应用：这个报文段带了什么数据？',
  },

  // ── Sequence numbers ──
  'seq.rst-equals-ack': {
    en: 'Your RST answers a segment that carried ACK. Which field of that segment tells you a seq the peer is sure to accept?',
    'zh-CN': '你的 RST 回应的是一个带 ACK 的报文段。该报文段的哪个字段告诉了你一个对方一定会接受的序列号？',
  },
  'seq.rst-zero': {
    en: 'Your RST answers a segment without ACK, so there is no ack to reuse. What seq does such a RST take?',
    'zh-CN': '你的 RST 回应的是一个不带 ACK 的报文段，没有确认号可以沿用。这样的 RST 取什么序列号？',
  },
  'seq.retransmit-same-seq': {
    en: 'A retransmission resends a segment that is not yet acknowledged. Which seq did that segment carry the first time?',
    'zh-CN': '重传发送的是尚未被确认的报文段。那个报文段第一次发送时的序列号是多少？',
  },
  'seq.same-isn-simultaneous': {
    en: 'Your SYN has already gone out with an initial sequence number. Can your SYN+ACK pick another one?',
    'zh-CN': '你的 SYN 已经带着一个初始序列号发出去了。你的 SYN+ACK 可以另选一个吗？',
  },
  'seq.syn-takes-one': {
    en: 'Your seq is {got}. How many sequence numbers did your SYN take, although it carried no data?',
    'zh-CN': '你的序列号是 {got}。你的 SYN 虽然不带数据，但它占用了几个序列号？',
  },
  'seq.fin-takes-one': {
    en: 'Your seq is {got}. How many sequence numbers did your FIN take, although it carried no data?',
    'zh-CN': '你的序列号是 {got}。你的 FIN 虽然不带数据，但它占用了几个序列号？',
  },
  'seq.next-unsent-byte': {
    en: 'seq is the number of the next byte you have not sent yet. Have you counted every byte you have already sent?',
    'zh-CN': '序列号是你下一个尚未发送的字节的编号。你已经发出的每个字节都算进去了吗？',
  },
  'seq.retransmit-first': {
    en: 'Your retransmission timer has fired. What must go out again before any new data or FIN?',
    'zh-CN': '你的重传计时器已经超时。在发送任何新数据或 FIN 之前，必须先重发什么？',
  },

  // ── Acknowledgment numbers ──
  'ack.rst-acknowledges-segment': {
    en: 'Your RST+ACK acknowledges the segment it answers. How much sequence space did that segment take (counting a SYN or FIN too)?',
    'zh-CN': '你的 RST+ACK 要确认它所回应的报文段。那个报文段占用了多少序列号空间（SYN 或 FIN 也要算上）？',
  },
  'ack.must-acknowledge-syn': {
    en: "The ack acknowledges the peer's SYN: how many sequence numbers does a SYN take?",
    'zh-CN': '确认号要确认对方的 SYN：一个 SYN 占用几个序列号？',
  },
  'ack.fin-takes-one': {
    en: "The last thing you received in order was the peer's FIN. How many sequence numbers does a FIN take?",
    'zh-CN': '你最后按序收到的是对方的 FIN。一个 FIN 占用几个序列号？',
  },
  'ack.next-expected-byte': {
    en: 'The ack is the next byte you expect from the peer. After the data you received in order, which byte is that?',
    'zh-CN': '确认号是你期望从对方收到的下一个字节。在你按序收到的数据之后，下一个字节是哪一个？',
  },
  'ack.no-skipping-gaps': {
    en: 'Something you hold arrived ahead of a gap. Can your ack claim bytes that have not arrived yet?',
    'zh-CN': '你手上的内容是越过缺口先到的。你的确认号可以声称收到了还没到达的字节吗？',
  },

  // ── Data length ──
  'len.rst-carries-no-data': {
    en: 'Does a RST ever carry data?',
    'zh-CN': 'RST 会携带数据吗？',
  },
  'len.syn-carries-no-data': {
    en: 'Does the SYN carry data here? Remember what the SYN flag itself occupies.',
    'zh-CN': '这里的 SYN 携带数据吗？想一想 SYN 标志本身占用了什么。',
  },
  'len.retransmit-same-bytes': {
    en: 'A retransmission resends the original segment. How many bytes did that segment carry?',
    'zh-CN': '重传是把原来的报文段再发一次。原来那个报文段带了多少字节？',
  },
  'len.more-than-queued': {
    en: 'How many bytes has your application queued that you have not sent yet? A data segment carries some of those bytes, and nothing else.',
    'zh-CN': '应用交给你、你还没有发出的字节有多少？数据报文段只能携带其中的字节，别的都不行。',
  },
  'len.fin-after-all-data': {
    en: 'FIN says no more data follows. So how many of your queued bytes must ride in the FIN segment?',
    'zh-CN': 'FIN 表示后面不再有数据。那么，你待发送的字节中有多少必须放进 FIN 报文段？',
  },
  'len.data-after-fin': {
    en: 'You have sent your FIN. What did that FIN promise about your data?',
    'zh-CN': '你已经发出了 FIN。这个 FIN 对你的数据作出了什么承诺？',
  },
  'len.nothing-queued': {
    en: 'Which bytes would this segment carry? Has your application given you any data that may go out now?',
    'zh-CN': '这个报文段要携带哪些字节？应用交给过你现在就可以发送的数据吗？',
  },
  'len.all-data-sent': {
    en: 'Has everything your application gave you already gone out? A byte is sent once, except in a retransmission.',
    'zh-CN': '应用交给你的数据是不是已经全部发出了？每个字节只发送一次，重传除外。',
  },

  // ── Declared states, by the row that set the true state (never naming that state) ──
  'state.initial': {
    en: 'Has anything started a connection on this endpoint yet: a call to listen, or a SYN of yours?',
    'zh-CN': '这个端点上已经有什么开始了连接吗？是调用了 listen，还是你发出了 SYN？',
  },
  'state.closed-listen': {
    en: 'Your application called listen. What does a passive open do to your state, even before any segment arrives?',
    'zh-CN': '应用调用了 listen。即使还没有任何报文段到达，被动打开也会让你的状态发生什么变化？',
  },
  'state.closed-connect': {
    en: 'After connect, your first SYN is out. Which state does that SYN of an active open begin?',
    'zh-CN': '调用 connect 之后，你的第一个 SYN 已经发出。主动打开时的这个 SYN 开始了哪个状态？',
  },
  'state.listen-connect': {
    en: 'Your application called connect while listening, and your SYN is out. Which state waits for the answer to that SYN?',
    'zh-CN': '在监听时应用调用了 connect，你的 SYN 也已发出。哪个状态在等待对这个 SYN 的回应？',
  },
  'state.listen-close': {
    en: 'Your application closed a socket that was only listening. With no connection to close, where does it end up?',
    'zh-CN': '应用关闭了一个只在监听的套接字。既然没有连接需要关闭，它最后处于什么状态？',
  },
  'state.listen-rcv-syn': {
    en: 'A SYN arrived while you were listening, and you answer it. Which state waits for the ACK of your own SYN?',
    'zh-CN': '你在监听时收到了 SYN，并且要回应它。哪个状态在等待对你自己 SYN 的 ACK？',
  },
  'state.syn-sent-rcv-syn': {
    en: "The peer's SYN arrived after your own application called connect: a simultaneous open. Where does answering that SYN put you?",
    'zh-CN': '在你的应用调用 connect 之后，收到了对方的 SYN：这是同时打开。回应这个 SYN 之后你处于什么状态？',
  },
  'state.syn-sent-rcv-syn-ack': {
    en: 'A SYN+ACK has acknowledged your SYN. Once you answer it, is anything left of the handshake?',
    'zh-CN': '对方的 SYN+ACK 已经确认了你的 SYN。你回应它之后，握手还剩下什么吗？',
  },
  'state.syn-sent-close': {
    en: 'Your application closed before the handshake finished. Was anything synchronized that a FIN would have to close?',
    'zh-CN': '握手完成之前应用就调用了 close。有什么已经同步、需要用 FIN 来关闭的东西吗？',
  },
  'state.syn-rcvd-rcv-ack': {
    en: 'The ACK of your SYN has arrived. Is the handshake complete now?',
    'zh-CN': '对你 SYN 的 ACK 已经到达。握手现在完成了吗？',
  },
  'state.syn-rcvd-close': {
    en: 'Your application closed during the handshake, and your FIN is out. Which state does the FIN of an active close begin?',
    'zh-CN': '应用在握手期间调用了 close，你的 FIN 也已发出。主动关闭时的 FIN 开始了哪个状态？',
  },
  'state.syn-rcvd-rcv-rst-passive': {
    en: 'A valid RST dropped a half-open connection that began with a passive open. Does the socket stop listening because of it?',
    'zh-CN': '一个有效的 RST 丢弃了由被动打开开始的半连接。套接字会因此停止监听吗？',
  },
  'state.established-close': {
    en: 'Your FIN is out: you are the active closer. Which state waits for the ACK of that FIN?',
    'zh-CN': '你的 FIN 已经发出：你是主动关闭的一方。哪个状态在等待对这个 FIN 的 ACK？',
  },
  'state.established-rcv-fin': {
    en: "The peer's FIN arrived before you sent yours. Which side closed first, and what is your side waiting for now?",
    'zh-CN': '你还没有发出 FIN 时就收到了对方的 FIN。哪一方先关闭？你这一方现在在等什么？',
  },
  'state.fin-wait-1-rcv-ack-of-fin': {
    en: 'Your FIN has been acknowledged. Has the peer sent its own FIN yet?',
    'zh-CN': '你的 FIN 已经被确认。对方发出它自己的 FIN 了吗？',
  },
  'state.fin-wait-1-rcv-fin': {
    en: "The peer's FIN arrived before the ACK of your own FIN: both sides are closing at once. What are you still waiting for?",
    'zh-CN': '对方的 FIN 先于对你 FIN 的 ACK 到达：双方在同时关闭。你还在等什么？',
  },
  'state.fin-wait-2-rcv-fin': {
    en: 'Your FIN is acknowledged and the peer has sent its FIN; your ACK of it is the last segment of the close. What if that ACK is lost: can you forget the connection right away?',
    'zh-CN': '你的 FIN 已被确认，对方也发出了 FIN；你对它的 ACK 是挥手的最后一个报文段。如果这个 ACK 丢失了，你能立刻忘掉这个连接吗？',
  },
  'state.closing-rcv-ack-of-fin': {
    en: 'Both sides have sent a FIN, and yours is acknowledged. What if your ACK of the peer\'s FIN is lost: can you forget the connection right away?',
    'zh-CN': '双方都已发出 FIN，你的 FIN 也已被确认。如果你对对方 FIN 的 ACK 丢失了，你能立刻忘掉这个连接吗？',
  },
  'state.time-wait-timeout': {
    en: 'The timer of twice the maximum segment lifetime has fired. Is there anything left of this connection to wait for?',
    'zh-CN': '两倍最大报文段生存时间（MSL）的计时器已经到期。这个连接还有什么需要等待的吗？',
  },
  'state.close-wait-close': {
    en: 'Your own FIN is out, after the peer\'s. What does the passive closer wait for now?',
    'zh-CN': '你自己的 FIN 已经在对方的 FIN 之后发出。被动关闭的一方现在在等什么？',
  },
  'state.last-ack-rcv-ack-of-fin': {
    en: 'The final ACK of your FIN has arrived. Does the side that closed second have anything left to wait for?',
    'zh-CN': '对你 FIN 的最后一个 ACK 已经到达。后关闭的一方还有什么需要等待的吗？',
  },
  'state.syn-rcvd-rcv-rst-active': {
    en: 'A valid RST arrived during a handshake you began with connect. Is there a listening socket to fall back to?',
    'zh-CN': '在由你调用 connect 开始的握手过程中收到了有效的 RST。还有可以退回去的监听套接字吗？',
  },
  'state.syn-sent-rcv-rst': {
    en: 'A RST acknowledging your SYN arrived: the peer refused the connection. What is left of it on your side?',
    'zh-CN': '收到了确认你 SYN 的 RST：对方拒绝了连接。你这一侧还剩下什么？',
  },
  'state.synchronized-rcv-rst': {
    en: 'A valid RST aborts a connection at once. Is there still a FIN exchange, or a wait, ahead of you?',
    'zh-CN': '有效的 RST 会立即中止连接。你接下来还需要交换 FIN 或者等待吗？',
  },

  // ── Declared states: a later state declared too early ──
  'state.still-listen': {
    en: "Not yet: are you answering a peer's SYN right now, or has your own SYN gone out after connect? A RST that drops a half-open connection does not end the passive open.",
    'zh-CN': '还没有：你现在是在回应对方的 SYN 吗？或者在 connect 之后，你自己的 SYN 发出了吗？丢弃半连接的 RST 并不会结束被动打开。',
  },
  'state.still-syn-sent': {
    en: "Not yet: your SYN is out, but has a SYN+ACK that acknowledges it, or the peer's own SYN, arrived? A SYN+ACK with the wrong ack does not count.",
    'zh-CN': '还没有：你的 SYN 已经发出，但确认它的 SYN+ACK 或对方自己的 SYN 到达了吗？确认号不对的 SYN+ACK 不算数。',
  },
  'state.still-syn-rcvd': {
    en: "Not yet: you have the peer's SYN, but has your own SYN been acknowledged?",
    'zh-CN': '还没有：你已经收到对方的 SYN，但你自己的 SYN 被确认了吗？',
  },
  'state.still-established': {
    en: 'Not yet: has any FIN been sent or received on this connection? Data and ACKs alone do not move you.',
    'zh-CN': '还没有：这个连接上已经发出或收到过 FIN 吗？只收发数据和 ACK 不会改变你的状态。',
  },
  'state.still-fin-wait-1': {
    en: "Not yet: your FIN is out, but has its ACK arrived, or the peer's FIN?",
    'zh-CN': '还没有：你的 FIN 已经发出，但对它的 ACK 或对方的 FIN 到达了吗？',
  },
  'state.still-fin-wait-2': {
    en: 'Not yet: your FIN is acknowledged, but has the peer sent its own FIN?',
    'zh-CN': '还没有：你的 FIN 已被确认，但对方发出它自己的 FIN 了吗？',
  },
  'state.still-closing': {
    en: 'Not yet: both sides have sent a FIN, but has yours been acknowledged?',
    'zh-CN': '还没有：双方都已发出 FIN，但你的 FIN 被确认了吗？',
  },
  'state.still-time-wait': {
    en: "Not yet: your ACK of the peer's FIN is the last segment of the close. What if that ACK is lost: can your endpoint forget the connection right away?",
    'zh-CN': '还没有：你对对方 FIN 的 ACK 是挥手的最后一个报文段。如果这个 ACK 丢失了，你的端点能立刻忘掉这个连接吗？',
  },
  'state.still-close-wait': {
    en: 'Not yet: the peer has closed its direction, but have you sent your own FIN?',
    'zh-CN': '还没有：对方已经关闭了它那个方向，但你发出自己的 FIN 了吗？',
  },
  'state.still-last-ack': {
    en: 'Not yet: your FIN is out, but has the final ACK of it arrived?',
    'zh-CN': '还没有：你的 FIN 已经发出，但对它的最后一个 ACK 到达了吗？',
  },

  // ── Declared states: a state begins with the segment that makes it ──
  'state.connect-waits-for-syn': {
    en: 'Not yet: your application called connect, but has your SYN gone out? In this game a state begins with the segment that makes it.',
    'zh-CN': '还没有：应用调用了 connect，但你的 SYN 发出了吗？在本游戏中，状态从造成它的那个报文段开始。',
  },
  'state.close-waits-for-fin': {
    en: 'Not yet: your application called close, but has your FIN gone out? In this game a state begins with the segment that makes it.',
    'zh-CN': '还没有：应用调用了 close，但你的 FIN 发出了吗？在本游戏中，状态从造成它的那个报文段开始。',
  },
  // ── The application's abort (RFC 9293 §3.10.5) ──
  'flags.abort-sends-rst': {
    en: 'Your application aborted: it does not close politely. Which flag ends a connection at once?',
    'zh-CN': '你的应用中止了连接，而不是正常关闭。哪个标志位会立即结束连接？',
  },
  'seq.abort-rst-next-unsent': {
    en: 'The peer must accept your RST. Which seq does the peer expect next from you?',
    'zh-CN': '对方必须接受你的 RST。对方期望从你这里收到的下一个序列号是多少？',
  },
  'state.abort-reset': {
    en: 'Your application aborted the connection. Is anything of it left on your side?',
    'zh-CN': '应用中止了连接。你这一侧还留有这个连接的什么吗？',
  },
  'state.abort-quietly': {
    en: 'Your application aborted, and there was no peer to tell. Is anything of the connection left?',
    'zh-CN': '应用中止了连接，而且不需要通知对方。这个连接还剩下什么吗？',
  },
  'state.abort-waits-for-rst': {
    en: 'Not yet: your application aborted, but has your RST gone out? In this game a state begins with the segment that makes it.',
    'zh-CN': '还没有：应用中止了连接，但你的 RST 发出了吗？在本游戏中，状态从造成它的那个报文段开始。',
  },
  // ── Old duplicates and a new incarnation (RFC 1122 §4.2.2.13, RFC 6191) ──
  'seq.isn-above-last-connection': {
    en: 'These ports had a connection before, and the peer may still remember it. Look at the last seq you used there: where must a new ISN lie?',
    'zh-CN': '这对端口之前有过一个连接，对方可能还记得它。看看你在旧连接里用过的最后一个序列号：新的初始序列号应该在哪里？',
  },
  'state.time-wait-rcv-new-syn': {
    en: 'This SYN’s seq is above anything the old connection used, so it is no old duplicate. Once you answer it, which state waits for the ACK of your own SYN?',
    'zh-CN': '这个 SYN 的序列号高于旧连接用过的任何序列号，所以它不是过期的重复报文段。你回应它之后，哪个状态在等待对你自己 SYN 的 ACK？',
  },
  // ── The listen queue: half-open connections from other addresses (SYN flood) ──
  'state.queue-rcv-syn': {
    en: 'You answered a SYN from this address, and it has not answered back. Where is a connection that has received a SYN but not yet the ACK of its own?',
    'zh-CN': '你回应了来自这个地址的 SYN，而它还没有回应你。一个收到了 SYN、却还没收到对自己 SYN 的 ACK 的连接，处于什么状态？',
  },
};
