import { LANGS, type Lang } from '../../../shared/i18n/index';
import { lang } from './lang';
import { pluralKey } from './plural';
import { REVIEW_TEXT } from './review-text';

export { LANGS, type Lang };
export { detectLang, getLang, initLang, lang, setLang } from './lang';
export { REVIEW_TEXT };

/**
 * Every text of the interface, in every language. State and flag names (LISTEN, SYN_SENT, SYN,
 * ACK…) stay in English in both, as textbooks in both languages print them. `{name}` marks a
 * parameter. Rule explanations are not here: they come from shared/i18n `explainRule`.
 */
export const UI_TEXT = {
  'app.title': { en: 'SYN/ACK', 'zh-CN': 'SYN/ACK' },
  'app.tagline': { en: 'Play TCP: open, use and close a connection with a partner.', 'zh-CN': '扮演 TCP：和同伴一起建立、使用并关闭一个连接。' },
  'lang.switch': { en: '中文', 'zh-CN': 'English' },
  'lang.switchLabel': { en: 'Switch language to 简体中文', 'zh-CN': 'Switch language to English（切换到英文）' },
  'nav.home': { en: 'Home', 'zh-CN': '首页' },

  'join.heading': { en: 'Join a class', 'zh-CN': '加入课堂' },
  'join.code': { en: 'Class code', 'zh-CN': '班级代码' },
  'join.codeHint': { en: '7 letters and digits, from your instructor', 'zh-CN': '7 位字母和数字，由老师提供' },
  'join.nickname': { en: 'Nickname', 'zh-CN': '昵称' },
  'join.nicknameHint': { en: '1–24 characters, shown to your class', 'zh-CN': '1–24 个字符，全班可见' },
  'join.shared': { en: 'This is a shared computer', 'zh-CN': '这是一台共用电脑' },
  'join.sharedHint': { en: 'Nothing about you is kept in this browser (nickname, keys, tokens): a refresh will not rejoin on its own, and your replays cannot be opened from here later.', 'zh-CN': '此浏览器不会保存任何与你有关的信息（昵称、密钥、令牌）：刷新页面后不会自动重新加入，之后也无法在这里打开你的回放。' },
  'join.submit': { en: 'Join', 'zh-CN': '加入' },
  'join.joining': { en: 'Joining…', 'zh-CN': '正在加入…' },
  'host.heading': { en: 'Teaching?', 'zh-CN': '你是老师？' },
  'host.intro': { en: 'Open a class: you get a code, a link and a QR code for your students.', 'zh-CN': '创建一个课堂：你会得到班级代码、加入链接和二维码。' },
  'host.create': { en: 'Host a class', 'zh-CN': '创建课堂' },
  'host.creating': { en: 'Creating…', 'zh-CN': '正在创建…' },
  'hw.heading': { en: 'Practise alone', 'zh-CN': '独自练习' },
  'hw.intro': { en: 'Play any scenario against the bot, no class needed.', 'zh-CN': '不需要加入课堂，和机器人练习任意场景。' },
  'hw.open': { en: 'Homework mode', 'zh-CN': '作业模式' },

  'err.network': { en: 'Cannot reach the game server. Check your connection and try again.', 'zh-CN': '无法连接游戏服务器，请检查网络后重试。' },
  'err.unknown': { en: 'Something went wrong: {message}', 'zh-CN': '出错了：{message}' },
  'err.seq': { en: 'seq must be a whole number from 0 to 4294967295.', 'zh-CN': 'seq 必须是 0 到 4294967295 之间的整数。' },
  'err.ack': { en: 'ack must be a whole number from 0 to 4294967295.', 'zh-CN': 'ack 必须是 0 到 4294967295 之间的整数。' },
  'err.len': { en: 'len must be a whole number from 0 to 65535.', 'zh-CN': 'len 必须是 0 到 65535 之间的整数。' },
  'err.stateFirst': { en: 'Choose a state in the list first.', 'zh-CN': '请先在列表中选择一个状态。' },
  'err.noHostKey': { en: 'This browser does not hold the host key of class {code}.', 'zh-CN': '此浏览器没有班级 {code} 的主持密钥。' },
  'err.sessionLost': { en: 'Your seat in class {code} could not be restored: join again.', 'zh-CN': '无法恢复你在班级 {code} 中的座位，请重新加入。' },
  'err.pairTooBig': { en: 'A pair holds at most two students: {pair} has {n}.', 'zh-CN': '一个小组最多两名学生：{pair} 有 {n} 名。' },
  'err.number': { en: '{field} must be a number from {min} to {max}.', 'zh-CN': '{field} 必须是 {min} 到 {max} 之间的数。' },

  'conn.reconnecting': { en: 'Connection lost — reconnecting…', 'zh-CN': '连接中断，正在重新连接…' },
  'conn.closed': { en: 'Disconnected from the class.', 'zh-CN': '已与课堂断开连接。' },
  'conn.back': { en: 'Connected again.', 'zh-CN': '已重新连接。' },

  'lobby.heading': { en: 'Lobby', 'zh-CN': '等候室' },
  'lobby.welcome': { en: 'You are {name} in class {code}.', 'zh-CN': '你是班级 {code} 中的 {name}。' },
  'lobby.waiting': { en: 'Waiting for the instructor to start the round…', 'zh-CN': '等待老师开始回合…' },
  'lobby.partner': { en: 'Your partner in the next round: {name}', 'zh-CN': '下一回合你的同伴：{name}' },
  'lobby.partnerBot': { en: 'Your partner in the next round: the bot (it always plays correctly)', 'zh-CN': '下一回合你的同伴：机器人（它总是正确）' },
  'lobby.partnerUnknown': { en: 'Your partner is chosen when the round starts.', 'zh-CN': '回合开始时会为你分配同伴。' },
  'lobby.next.client': { en: 'In the next round you play the client endpoint.', 'zh-CN': '下一回合你扮演客户端端点。' },
  'lobby.next.server': { en: 'In the next round you play the server endpoint.', 'zh-CN': '下一回合你扮演服务器端点。' },
  'lobby.scenario': { en: 'Next scenario: {title}', 'zh-CN': '下一个场景：{title}' },
  'lobby.pairDone': { en: 'Your pair is done. The other pairs are still playing; the instructor ends the round.', 'zh-CN': '你们这一组已经完成。其他小组还在进行中，由老师结束本回合。' },
  'lobby.botPlays': { en: 'The bot is finishing your seat in this round; the instructor ends the round.', 'zh-CN': '本回合你的席位由机器人完成，由老师结束本回合。' },
  'lobby.roundOn': { en: 'A round is being played; you join the next one.', 'zh-CN': '当前回合正在进行，你将加入下一回合。' },
  'lobby.hostAway': { en: 'The instructor is offline for the moment.', 'zh-CN': '老师暂时离线。' },

  'side.client': { en: 'client', 'zh-CN': '客户端' },
  'side.server': { en: 'server', 'zh-CN': '服务器' },
  'mode.practice': { en: 'Practice', 'zh-CN': '练习' },
  'mode.assessment': { en: 'Assessment', 'zh-CN': '测评' },
  'play.round': { en: 'Round {n}: {title}', 'zh-CN': '第 {n} 回合：{title}' },
  'play.you': { en: 'You play the {side} ({mode}); partner: {partner}', 'zh-CN': '你扮演{side}（{mode}）；同伴：{partner}' },
  'play.bot': { en: 'the bot', 'zh-CN': '机器人' },
  'play.paused': { en: 'The round is paused.', 'zh-CN': '回合已暂停。' },
  'play.resumed': { en: 'The round goes on.', 'zh-CN': '回合继续。' },
  'play.ended': { en: 'Round over: your instructor ended it.', 'zh-CN': '回合结束：老师结束了本回合。' },
  'play.finished': { en: 'The connection reached its goal.', 'zh-CN': '连接达到了目标状态。' },
  'play.unfinished': { en: 'The round was stopped before the end.', 'zh-CN': '回合在完成前被结束。' },
  'play.done': { en: 'You are done! Both ends reached the goal, and nothing is left to send.', 'zh-CN': '你们完成了！双方都到达了目标状态，没有需要再发送的内容。' },
  'play.noLesson': { en: 'You reached the goal, but this scenario’s lesson did not happen this time.', 'zh-CN': '你们到达了目标状态，但这次没有出现本场景要演示的情况。' },
  'play.handedToBot': { en: 'Your instructor let the bot finish your side of this round.', 'zh-CN': '老师让机器人替你完成了本回合。' },
  'play.score': { en: 'Your score this round: {score}.', 'zh-CN': '你本回合的得分：{score}。' },
  'play.scoreAnswers': { en: 'Your score this round: {score} ({correct} of {answers} answers correct).', 'zh-CN': '你本回合的得分：{score}（{answers} 次作答中 {correct} 次正确）。' },
  'play.removed': { en: 'Your instructor removed you from this class.', 'zh-CN': '老师已将你移出本课堂。' },
  'play.classEnded': { en: 'The class has ended. Thank you for playing!', 'zh-CN': '课堂已结束，谢谢参与！' },
  'play.backHome': { en: 'Back to start', 'zh-CN': '返回首页' },
  'play.sceneLabel': { en: 'The network between your host and your partner’s host', 'zh-CN': '你的主机与同伴主机之间的网络' },

  'scene.you': { en: 'you', 'zh-CN': '你' },
  'scene.partner': { en: 'partner', 'zh-CN': '同伴' },
  'scene.network': { en: 'network', 'zh-CN': '网络' },
  'scene.lost': { en: 'lost', 'zh-CN': '丢失' },
  'scene.delayed': { en: 'delayed', 'zh-CN': '延迟' },
  'scene.copy': { en: 'copy', 'zh-CN': '副本' },
  'scene.resend': { en: 'resend!', 'zh-CN': '重传！' },
  'scene.timeWait': { en: '2×MSL {s} s', 'zh-CN': '2×MSL {s} 秒' },
  'scene.clock.you': { en: 'your move', 'zh-CN': '轮到你了' },
  'scene.clock.partner': { en: 'waiting for your partner', 'zh-CN': '等待你的同伴' },
  'scene.clock.paused': { en: 'paused', 'zh-CN': '已暂停' },

  'clock.running': { en: 'Network clock: running.', 'zh-CN': '网络时钟：运行中。' },
  'clock.you': { en: 'Network clock: waiting for you — your TCP owes a segment or a state.', 'zh-CN': '网络时钟：在等你——你的 TCP 还欠一个报文段或一个状态。' },
  'clock.partner': { en: 'Network clock: waiting for your partner.', 'zh-CN': '网络时钟：在等你的同伴。' },
  'clock.both': { en: 'Network clock: waiting for you and your partner — your TCP owes a segment or a state.', 'zh-CN': '网络时钟：在等你和你的同伴——你的 TCP 还欠一个报文段或一个状态。' },
  'clock.paused': { en: 'Network clock: paused by the instructor.', 'zh-CN': '网络时钟：老师已暂停。' },
  'clock.stopped': { en: 'Network clock: stopped.', 'zh-CN': '网络时钟：已停止。' },

  'hint.send': { en: 'Take your time. Your TCP still owes a segment: look at what happened last, then compose what your TCP sends.', 'zh-CN': '不用着急。你的 TCP 还欠一个报文段：看看最近发生了什么，再填写你的 TCP 要发送的内容。' },
  'hint.declare': { en: 'Take your time. Your TCP still owes a state: has your state changed? Choose it and declare it.', 'zh-CN': '不用着急。你的 TCP 还欠一个状态：你的状态变了吗？选择它并声明。' },

  'inbox.heading': { en: 'What happened', 'zh-CN': '发生了什么' },
  'inbox.empty': { en: 'Nothing yet.', 'zh-CN': '暂无。' },
  'inbox.app.connect': { en: 'Your app calls connect().', 'zh-CN': '你的应用调用了 connect()。' },
  'inbox.app.listen': { en: 'Your app calls listen().', 'zh-CN': '你的应用调用了 listen()。' },
  'inbox.app.send': { en: 'Your app sends {bytes} bytes.', 'zh-CN': '你的应用要发送 {bytes} 字节。' },
  'inbox.app.close': { en: 'Your app calls close().', 'zh-CN': '你的应用调用了 close()。' },
  'inbox.arrived': { en: 'Arrived', 'zh-CN': '收到' },
  'inbox.sent': { en: 'You sent', 'zh-CN': '你发送了' },
  'inbox.sentAuto': { en: 'Sent for you', 'zh-CN': '系统代你发送' },
  'inbox.declaredAuto': { en: 'The opening was played for you: you are in {state}.', 'zh-CN': '开场已由系统代你完成：你现在处于 {state}。' },
  'inbox.paste': { en: '{name} {value}: paste into your composer', 'zh-CN': '{name} {value}：粘贴到你的报文段中' },
  'inbox.lost': { en: 'Lost in the network', 'zh-CN': '在网络中丢失' },
  'inbox.timer.retransmit': { en: 'Your retransmission timer fired: send the first unacknowledged segment again.', 'zh-CN': '重传计时器超时：请重新发送第一个未被确认的报文段。' },
  'inbox.timer.time_wait': { en: '2×MSL has passed: TIME_WAIT is over.', 'zh-CN': '2×MSL 已过：TIME_WAIT 结束。' },
  'inbox.declared': { en: 'You declared {state}.', 'zh-CN': '你声明了状态 {state}。' },

  'composer.heading': { en: 'Your TCP sends', 'zh-CN': '你的 TCP 发送' },
  'composer.flags': { en: 'Flags', 'zh-CN': '标志位' },
  'composer.seq': { en: 'seq (sequence number)', 'zh-CN': 'seq（序列号）' },
  'composer.ack': { en: 'ack (acknowledgment number)', 'zh-CN': 'ack（确认号）' },
  'composer.len': { en: 'len (data bytes)', 'zh-CN': 'len（数据字节数）' },
  'composer.state': { en: 'Your state after this', 'zh-CN': '之后你的状态' },
  'composer.stateNone': { en: '— not declared —', 'zh-CN': '— 不声明 —' },
  'composer.send': { en: 'Send segment', 'zh-CN': '发送报文段' },
  'composer.declare': { en: 'Declare state', 'zh-CN': '声明状态' },
  'composer.declareHint': { en: 'State changed without sending anything? Choose it above and declare it.', 'zh-CN': '状态改变了但不需要发送报文？请在上方选择并声明。' },
  'composer.ackUnused': { en: 'ignored without ACK', 'zh-CN': '未设置 ACK 时忽略' },
  'composer.textbook': { en: 'Textbook numbers this round: choose your ISN, e.g. 300 (any number below 1000 is fine).', 'zh-CN': '本回合使用教科书式的小数字：自己选一个初始序列号，例如 300（小于 1000 即可）。' },
  'composer.pasteHint': { en: 'Tip: tap a number under “What happened” to paste it into the field you used last. Any +1 is still yours to add.', 'zh-CN': '提示：点一下“发生了什么”中的数字，即可把它粘贴到你上次使用的输入框里。需要 +1 的话仍要你自己加。' },

  'feedback.correct': { en: 'Correct! +{points} points.', 'zh-CN': '正确！+{points} 分。' },
  'feedback.correctPlain': { en: 'Correct.', 'zh-CN': '正确。' },
  'feedback.wrongSend': { en: 'Not quite: the segment was not sent. Fix it and try again.', 'zh-CN': '不太对：报文段没有发出。请改正后重试。' },
  'feedback.wrongState': { en: 'Not quite:', 'zh-CN': '不太对：' },
  'feedback.recorded': { en: 'Answer recorded.', 'zh-CN': '答案已记录。' },
  'feedback.hintNote': { en: 'That was a hint; another mistake on the same rule shows the number.', 'zh-CN': '这是一个提示；同一条规则再错一次会显示具体数字。' },
  'feedback.field.flags': { en: 'flags', 'zh-CN': '标志位' },
  'feedback.field.seq': { en: 'seq', 'zh-CN': 'seq' },
  'feedback.field.ack': { en: 'ack', 'zh-CN': 'ack' },
  'feedback.field.len': { en: 'len', 'zh-CN': 'len' },
  'feedback.field.state': { en: 'state', 'zh-CN': '状态' },

  'score.label': { en: 'Score', 'zh-CN': '得分' },
  'streak.label': { en: 'Streak', 'zh-CN': '连对' },
  'score.held': { en: 'Assessment: your score is shown when the round ends.', 'zh-CN': '测评：本回合结束后才显示你的得分。' },
  'partner.reconnecting': { en: 'Your partner is reconnecting…', 'zh-CN': '你的同伴正在重新连接…' },
  'partner.back': { en: 'Your partner is back.', 'zh-CN': '你的同伴回来了。' },
  'partner.bot': { en: 'The bot now plays your partner’s side.', 'zh-CN': '机器人正在替你的同伴进行游戏。' },

  'host.dashboard': { en: 'Instructor dashboard', 'zh-CN': '教师控制台' },
  'host.code': { en: 'Class code', 'zh-CN': '班级代码' },
  'host.link': { en: 'Join link', 'zh-CN': '加入链接' },
  'host.qr': { en: 'QR code that opens the join link of class {code}', 'zh-CN': '打开班级 {code} 加入链接的二维码' },
  'host.projector': { en: 'Open projector view', 'zh-CN': '打开投影视图' },
  'host.review': { en: 'Review replays and statistics', 'zh-CN': '查看回放与统计' },
  'host.keyNote': { en: 'This browser keeps the host key of this class, so a refresh does not lose it.', 'zh-CN': '此浏览器保存了本课堂的主持密钥，刷新页面不会丢失课堂。' },
  'host.keyNoteShared': { en: 'Shared computer: this page keeps the host key in memory only. A refresh or the projector view cannot reopen the class; the key is shown when you end the class.', 'zh-CN': '共用电脑：本页面只在内存中保存主持密钥。刷新页面或投影视图都无法重新打开课堂；结束课堂时会显示密钥。' },
  'host.reclaiming': { en: 'Reconnecting to class {code}…', 'zh-CN': '正在重新连接班级 {code}…' },
  'host.students': { en: 'Students ({n})', 'zh-CN': '学生（{n}）' },
  'host.noStudents': { en: 'No students yet. Share the code, the link or the QR code.', 'zh-CN': '还没有学生。请分享代码、链接或二维码。' },
  'host.pairOf': { en: 'Pair of {name}', 'zh-CN': '{name} 的小组' },
  'host.pairN': { en: 'Pair {n}', 'zh-CN': '第 {n} 组' },
  'host.applyPairs': { en: 'Apply pairs', 'zh-CN': '应用分组' },
  'host.autoPairs': { en: 'Pair automatically', 'zh-CN': '自动分组' },
  'host.pairsHint': { en: 'A student alone in a pair plays against the bot. Roles swap every round.', 'zh-CN': '小组中只有一名学生时与机器人对战。每回合交换角色。' },
  'roster.rename': { en: 'Rename', 'zh-CN': '改名' },
  'roster.renameLabel': { en: 'Rename {name}', 'zh-CN': '给 {name} 改名' },
  'roster.newName': { en: 'New nickname for {name}', 'zh-CN': '{name} 的新昵称' },
  'roster.save': { en: 'Save', 'zh-CN': '保存' },
  'roster.cancel': { en: 'Cancel', 'zh-CN': '取消' },
  'roster.remove': { en: 'Remove', 'zh-CN': '移出' },
  'roster.removeLabel': { en: 'Remove {name}', 'zh-CN': '将 {name} 移出' },
  'roster.block': { en: 'Remove and block', 'zh-CN': '移出并禁止加入' },
  'roster.blockLabel': { en: 'Remove and block {name}', 'zh-CN': '将 {name} 移出并禁止加入' },
  'roster.actions': { en: 'Actions for {name}', 'zh-CN': '对 {name} 的操作' },
  'roster.confirmRemove': { en: 'Remove {name} from the class? They can join again with the code.', 'zh-CN': '要将 {name} 移出课堂吗？对方仍可以用班级代码重新加入。' },
  'roster.confirmBlock': { en: 'Remove {name} and block them? This device and this nickname (and names that look like it) cannot join this class again.', 'zh-CN': '要将 {name} 移出并禁止其加入吗？此设备和这个昵称（以及看起来相似的昵称）将无法再加入本课堂。' },
  'roster.removeYes': { en: 'Yes, remove', 'zh-CN': '确定移出' },
  'roster.blockYes': { en: 'Yes, remove and block', 'zh-CN': '确定移出并禁止' },
  'roster.removed': { en: 'removed', 'zh-CN': '已移出' },
  'roster.removedBlocked': { en: 'removed and blocked', 'zh-CN': '已移出并禁止加入' },
  'roster.renamed': { en: '{old} is now called {name}.', 'zh-CN': '{old} 已改名为 {name}。' },
  'roster.removedNotice': { en: '{name} was removed from the class.', 'zh-CN': '{name} 已被移出课堂。' },
  'roster.blockedNotice': { en: '{name} was removed and blocked.', 'zh-CN': '{name} 已被移出，并被禁止再加入。' },
  'roster.classSize': { en: 'Class size (most students)', 'zh-CN': '班级人数上限' },
  'roster.classSizeSet': { en: 'Set', 'zh-CN': '设定' },
  'roster.joinedOf': { en: '{n} of {max} joined.', 'zh-CN': '已加入 {n} / {max} 人。' },
  'roster.full': { en: '{n} of {max} joined: the class is full, newcomers are refused.', 'zh-CN': '已加入 {n} / {max} 人：班级已满，新来的学生无法加入。' },
  'roster.classSizeHint': { en: 'Students already here stay; only newcomers are refused.', 'zh-CN': '已加入的学生不受影响，只有新来的学生会被拒绝。' },
  'roster.classSizeSaved': { en: 'Class size set to {n}.', 'zh-CN': '班级人数上限已设为 {n}。' },
  'host.pairsSaved': { en: 'Pairs applied.', 'zh-CN': '分组已应用。' },
  'host.settings': { en: 'Round settings', 'zh-CN': '回合设置' },
  'host.scenario': { en: 'Scenario', 'zh-CN': '场景' },
  'host.mode': { en: 'Mode', 'zh-CN': '模式' },
  'host.network': { en: 'Network', 'zh-CN': '网络' },
  'host.loss': { en: 'Loss rate (%)', 'zh-CN': '丢包率（%）' },
  'host.delayMin': { en: 'Delay from (ms)', 'zh-CN': '最小延迟（毫秒）' },
  'host.delayMax': { en: 'Delay up to (ms)', 'zh-CN': '最大延迟（毫秒）' },
  'host.duplicate': { en: 'Duplicate rate (%)', 'zh-CN': '重复率（%）' },
  'host.reorder': { en: 'Reorder rate (%)', 'zh-CN': '乱序率（%）' },
  'host.rto': { en: 'Retransmission timeout (s)', 'zh-CN': '重传超时（秒）' },
  'host.msl': { en: 'MSL (s)', 'zh-CN': 'MSL（秒）' },
  'host.timeBonus': { en: 'Time bonus for quick answers', 'zh-CN': '快速作答的时间奖励' },
  'host.timers': { en: 'Timers (network time: the clock stands still while students think)', 'zh-CN': '计时器（网络时间：学生思考时时钟暂停）' },
  'host.play': { en: 'Play', 'zh-CN': '玩法' },
  'host.numbers': { en: 'Sequence numbers (ISNs)', 'zh-CN': '序列号（初始序列号）' },
  'host.numbers.auto': { en: 'Textbook in practice, random in assessment', 'zh-CN': '练习用教科书式小数字，测评用随机数' },
  'host.numbers.textbook': { en: 'Textbook (below 1000)', 'zh-CN': '教科书式（小于 1000）' },
  'host.numbers.random': { en: 'Random (any 32-bit number)', 'zh-CN': '随机（任意 32 位数）' },
  'host.answerAtOnce': { en: 'Practice: show the answer at the first mistake (no hint first)', 'zh-CN': '练习：第一次出错就显示答案（不先给提示）' },
  'host.showLosses': { en: 'Show losses to students (younger classes)', 'zh-CN': '向学生显示丢包（适合低年级）' },
  'host.hintAfter': { en: 'Hint after (s, 0 = never)', 'zh-CN': '多久后提示（秒，0 = 从不）' },
  'host.autoEnd': { en: 'End the round by itself when every pair is done', 'zh-CN': '所有小组完成后自动结束回合' },
  'host.settingsRefused': { en: 'Not saved: see the reason next to the field.', 'zh-CN': '未保存：原因见对应输入框旁。' },
  'host.applySettings': { en: 'Apply settings', 'zh-CN': '应用设置' },
  'host.settingsSaved': { en: 'Settings saved.', 'zh-CN': '设置已保存。' },
  'host.start': { en: 'Start round', 'zh-CN': '开始回合' },
  'host.pause': { en: 'Pause', 'zh-CN': '暂停' },
  'host.resume': { en: 'Resume', 'zh-CN': '继续' },
  'host.end': { en: 'End round', 'zh-CN': '结束回合' },
  'host.endClass': { en: 'End class', 'zh-CN': '结束课堂' },
  'host.confirmEndClass': { en: 'End the class for everyone?', 'zh-CN': '要为所有人结束课堂吗？' },
  'ended.keyHeading': { en: 'Keep your host key', 'zh-CN': '请保存你的主持密钥' },
  'ended.keyNote': { en: 'You need this key to open the review of this class later (replays, statistics, CSV). This browser no longer keeps it, and it is shown only this once: copy it and keep it somewhere safe.', 'zh-CN': '以后打开本课堂的回放、统计和 CSV 需要这个密钥。此浏览器已不再保存它，而且它只显示这一次：请复制并妥善保管。' },
  'ended.keyLabel': { en: 'Host key of class {code}', 'zh-CN': '班级 {code} 的主持密钥' },
  'ended.copy': { en: 'Copy', 'zh-CN': '复制' },
  'ended.copied': { en: 'Copied.', 'zh-CN': '已复制。' },
  'ended.copyManual': { en: 'The key is selected: press Ctrl+C (⌘C on a Mac) to copy it.', 'zh-CN': '密钥已选中：请按 Ctrl+C（Mac 上按 ⌘C）复制。' },
  'host.status': { en: 'Round {n} · {phase}', 'zh-CN': '第 {n} 回合 · {phase}' },
  'phase.lobby': { en: 'waiting', 'zh-CN': '等待中' },
  'phase.running': { en: 'running', 'zh-CN': '进行中' },
  'phase.paused': { en: 'paused', 'zh-CN': '已暂停' },
  'phase.ended': { en: 'ended', 'zh-CN': '已结束' },
  'host.pairs': { en: 'Pairs live', 'zh-CN': '小组实况' },
  'host.noPairs': { en: 'No round has started yet.', 'zh-CN': '还没有开始回合。' },
  'host.progress': { en: 'Progress {p}%', 'zh-CN': '进度 {p}%' },
  'host.score': { en: 'Score {n}', 'zh-CN': '得分 {n}' },
  'host.lastMistake': { en: 'Last mistake ({side}):', 'zh-CN': '最近错误（{side}）：' },
  'host.noMistake': { en: 'No mistakes yet.', 'zh-CN': '暂无错误。' },
  'host.finished': { en: 'finished', 'zh-CN': '已完成' },
  'host.noLesson': { en: 'finished, but the lesson did not happen', 'zh-CN': '已完成，但没有出现本课要演示的情况' },
  'host.owes.send': { en: 'owes a segment for {s} s', 'zh-CN': '已欠一个报文段 {s} 秒' },
  'host.owes.declare': { en: 'owes a state for {s} s', 'zh-CN': '已欠一个状态 {s} 秒' },
  'host.handToBot': { en: 'Let the bot play this seat: {name} ({side})', 'zh-CN': '让机器人接替这个席位：{name}（{side}）' },
  'host.botSeat': { en: 'played by the bot', 'zh-CN': '由机器人扮演' },
  'host.allDone': { en: 'Every pair is done.', 'zh-CN': '所有小组都已完成。' },
  'host.allDoneEnd': { en: 'Every pair is done. End the round when you are ready.', 'zh-CN': '所有小组都已完成。准备好后请结束回合。' },
  'host.handedToBot': { en: 'The bot now plays {side} in {pair}.', 'zh-CN': '机器人现在扮演 {pair} 中的{side}。' },
  'host.offline': { en: 'offline', 'zh-CN': '离线' },
  'host.declared': { en: 'declared {state}', 'zh-CN': '声明 {state}' },
  'host.inject': { en: 'Inject a fault', 'zh-CN': '注入故障' },
  'host.injectAll': { en: 'Faults for all pairs', 'zh-CN': '对所有小组注入故障' },
  'host.injected': { en: 'Fault set: {what}. It takes the next segment it matches.', 'zh-CN': '故障已设置：{what}。它作用于下一个匹配的报文段。' },
  'inject.drop': { en: 'Drop next', 'zh-CN': '丢弃下一个' },
  'inject.drop.SYN': { en: 'Drop next SYN', 'zh-CN': '丢弃下一个 SYN' },
  'inject.drop.ACK': { en: 'Drop next ACK', 'zh-CN': '丢弃下一个 ACK' },
  'inject.drop.FIN': { en: 'Drop next FIN', 'zh-CN': '丢弃下一个 FIN' },
  'inject.delay': { en: 'Delay next 5 s', 'zh-CN': '下一个延迟 5 秒' },
  'inject.stale': { en: 'Stale SYN', 'zh-CN': '过期 SYN' },
  'host.watch': { en: 'Show on projector', 'zh-CN': '在投影上显示' },
  'host.watching': { en: 'On the projector', 'zh-CN': '正在投影' },

  'proj.joinAt': { en: 'Join at', 'zh-CN': '加入网址' },
  'proj.scan': { en: 'or scan:', 'zh-CN': '或扫码：' },
  'proj.waiting': { en: '{n} students have joined', 'zh-CN': '已有 {n} 名学生加入' },
  'proj.leaderboard': { en: 'Leaderboard', 'zh-CN': '排行榜' },
  'proj.ladder': { en: 'Live ladder', 'zh-CN': '实时时序图' },
  'proj.noLadder': { en: 'Choose a pair to show its ladder.', 'zh-CN': '选择一个小组以显示其时序图。' },
  'proj.pairSelect': { en: 'Pair shown', 'zh-CN': '显示的小组' },
  'proj.none': { en: '— none —', 'zh-CN': '— 无 —' },
  'proj.showJoin': { en: 'Show join info', 'zh-CN': '显示加入信息' },
  'proj.showBoard': { en: 'Show leaderboard', 'zh-CN': '显示排行榜' },
  'proj.ladderLabel': { en: 'Ladder diagram of {pair}: time flows down, {client} on the left, {server} on the right', 'zh-CN': '{pair} 的时序图：时间向下流动，左边是 {client}，右边是 {server}' },
  'ladder.stale': { en: 'stale', 'zh-CN': '过期' },

  'hw.heading2': { en: 'Homework: practise against the bot', 'zh-CN': '作业：和机器人练习' },
  'hw.scenario': { en: 'Scenario', 'zh-CN': '场景' },
  'hw.side': { en: 'You play', 'zh-CN': '你扮演' },
  'hw.mode': { en: 'Mode', 'zh-CN': '模式' },
  'hw.speed': { en: 'Timers', 'zh-CN': '计时器' },
  'hw.speed.normal': { en: 'Classroom pace (RTO {rto} s, MSL {msl} s)', 'zh-CN': '课堂节奏（RTO {rto} 秒，MSL {msl} 秒）' },
  'hw.speed.fast': { en: 'Faster (RTO {rto} s, MSL {msl} s)', 'zh-CN': '更快（RTO {rto} 秒，MSL {msl} 秒）' },
  'hw.start': { en: 'Start', 'zh-CN': '开始' },
  'hw.again': { en: 'Play again', 'zh-CN': '再玩一次' },
  'hw.choose': { en: 'Choose another scenario', 'zh-CN': '选择其他场景' },

  // ── issue 14: a dashboard that tells the truth ──
  'fault.armed': { en: 'armed', 'zh-CN': '已布置' },
  'fault.used': { en: 'used', 'zh-CN': '已生效' },
  'fault.cancelled': { en: 'cancelled', 'zh-CN': '已取消' },
  'host.faultSet': { en: '{what} is set on {target}: it waits for the next segment it matches.', 'zh-CN': '已对{target}设置“{what}”：它等待下一个匹配的报文段。' },
  'host.allPairs': { en: 'all pairs', 'zh-CN': '所有小组' },
  'host.roundTime': { en: 'Round time {t}', 'zh-CN': '本回合用时 {t}' },
  'host.scenarioNow': { en: 'Scenario {n}. {title}: {summary}', 'zh-CN': '场景 {n}.{title}：{summary}' },
  'host.scenarioNext': { en: 'Next: scenario {n}. {title}: {summary}', 'zh-CN': '下一回合：场景 {n}.{title}：{summary}' },
  'host.classOver': { en: 'The class has ended', 'zh-CN': '课堂已结束' },
  'host.classOverNote': { en: 'Rounds played: {n}. Every replay and the class statistics are on the review page.', 'zh-CN': '已进行回合数：{n}。所有回放和课堂统计都在回顾页面。' },
  'host.classOverNewClass': { en: 'Host another class', 'zh-CN': '再开一堂课' },
  // ── issue 14: a projector that follows the class ──
  'proj.joinTitle': { en: 'Join class {code}', 'zh-CN': '加入课堂 {code}' },
  'proj.roundTitle': { en: 'Round {n}', 'zh-CN': '第 {n} 轮' },
  'proj.betweenTitle': { en: 'Round {n} is over', 'zh-CN': '第 {n} 轮结束' },
  'proj.endedTitle': { en: 'The class has ended', 'zh-CN': '课堂已结束' },
  'proj.results': { en: 'Results after round {n}', 'zh-CN': '第 {n} 轮后的成绩' },
  'proj.finalResults': { en: 'Final results', 'zh-CN': '最终成绩' },
  'proj.ladderOf': { en: 'Round {n} · {pair}', 'zh-CN': '第 {n} 轮 · {pair}' },
  'proj.ladderComing': { en: 'The ladder of this round appears here.', 'zh-CN': '本轮的时序图将显示在这里。' },
  // ── issue 14: students ──
  'stud.replayRound': { en: 'Watch your replay of this round (new tab)', 'zh-CN': '观看你这一回合的回放（新标签页）' },
  'stud.replayLater': { en: 'Your replay opens once the whole round is over.', 'zh-CN': '整个回合结束后即可打开你的回放。' },
  'stud.replays': { en: 'Your replays', 'zh-CN': '你的回放' },
  'stud.ended.heading': { en: 'Class over', 'zh-CN': '课堂结束' },
  'stud.ended.text': { en: 'Your instructor has ended the class. Thank you for playing! Your replays stay open to you: watch each round again, step by step.', 'zh-CN': '老师已经结束了本课堂，谢谢参与！你的回放仍然可以打开：逐步重看每一个回合。' },
  'stud.ended.shutdown': { en: 'The class has ended because the server stopped. Thank you for playing! The rounds played so far are kept in your replays.', 'zh-CN': '服务器已停止，课堂因此结束。谢谢参与！已经玩过的回合保存在你的回放中。' },
  'stud.removed.heading': { en: 'Out of the class', 'zh-CN': '已离开课堂' },
  'stud.ended.homework': { en: 'Practise at home', 'zh-CN': '在家练习' },
  'stud.late': { en: 'Round {n} ({title}) started before you arrived, so you are not in it. You play from the next round: stay on this page, it starts when your instructor starts it.', 'zh-CN': '第 {n} 回合（{title}）在你加入之前就已开始，所以你不在本回合中。你将从下一回合开始参加：请留在此页面，老师开始下一回合时就会开始。' },
  'stud.classReplays': { en: 'Your class replays', 'zh-CN': '你的课堂回放' },
  'stud.classReplaysIntro': { en: 'This browser keeps the key to your own rounds of these classes:', 'zh-CN': '此浏览器保存了你在以下课堂中的回合的钥匙：' },
  'stud.classReplay': { en: 'Class {code}', 'zh-CN': '课堂 {code}' },
  // ── issue 14: a reachable address ──
  'join.pick': { en: 'Address students open', 'zh-CN': '学生打开的网址' },
  'join.opt.public': { en: '{url} (PUBLIC_URL)', 'zh-CN': '{url}（PUBLIC_URL）' },
  'join.opt.lan': { en: '{url} (this server on the network)', 'zh-CN': '{url}（本服务器的局域网地址）' },
  'join.opt.loopback': { en: '{url} (this computer only)', 'zh-CN': '{url}（仅限本机）' },
  'join.loopbackWarn': {
    en: 'Phones and other computers cannot open this link: {host} is this computer itself. Restart the server with PUBLIC_URL set to an address students can reach (see README), or open this dashboard through the server’s network address (e.g. http://192.168.1.20:2567).',
    'zh-CN': '手机和其他电脑打不开这个链接：{host} 指的是这台电脑本身。请在重启服务器时把 PUBLIC_URL 设为学生能访问的地址（见 README），或者通过服务器的局域网地址（例如 http://192.168.1.20:2567）打开这个控制台。',
  },
  'proj.points': { en: '{n} pts', 'zh-CN': '{n} 分' },
  'join.notStudent': { en: 'Not a student? Host a class or practise alone', 'zh-CN': '不是学生？开设课堂或独自练习' },
  // ── issue 14: accessibility and language ──
  'proj.waiting.one': { en: '{n} student has joined', 'zh-CN': '已有 {n} 名学生加入' },
  'proj.points.one': { en: '{n} pt', 'zh-CN': '{n} 分' },
  'composer.keys': {
    en: 'Keys: S, A, F, R, P switch SYN, ACK, FIN, RST, PSH (digits still type into the numbers); Enter in a number field sends, Ctrl+Enter sends from anywhere in this form.',
    'zh-CN': '快捷键：S、A、F、R、P 切换 SYN、ACK、FIN、RST、PSH（数字照常输入）；在数字输入框中按 Enter 发送，在本表单任意位置按 Ctrl+Enter 发送。',
  },
  'timer.rtoStarted': { en: 'Retransmission timer started: it fires in {s} s of network time unless your segment is acknowledged.', 'zh-CN': '重传计时器已启动：如果你的报文段没有被确认，它将在 {s} 秒网络时间后超时。' },
  'timer.rtoHalf': { en: 'Retransmission timer: half its time is gone, {s} s left.', 'zh-CN': '重传计时器：时间已过一半，还剩 {s} 秒。' },
  'timer.rtoFired': { en: 'Retransmission timer fired.', 'zh-CN': '重传计时器超时。' },
  'timer.rtoStopped': { en: 'Retransmission timer stopped: everything you sent is acknowledged.', 'zh-CN': '重传计时器已停止：你发送的内容都已被确认。' },
  'timer.mslStarted': { en: '2×MSL timer started: TIME_WAIT lasts {s} s of network time.', 'zh-CN': '2×MSL 计时器已启动：TIME_WAIT 持续 {s} 秒网络时间。' },
  'timer.mslHalf': { en: '2×MSL timer: half its time is gone, {s} s left.', 'zh-CN': '2×MSL 计时器：时间已过一半，还剩 {s} 秒。' },
  'timer.mslFired': { en: '2×MSL timer expired: TIME_WAIT is over.', 'zh-CN': '2×MSL 计时器到期：TIME_WAIT 结束。' },
  // ── issue 14: host panels ──
  'settings.how': {
    en: 'Changes take effect as you make them: a choice or a tick at once, a typed number when you leave the field or press Enter. The mark beside each control says when the server has it.',
    'zh-CN': '更改即时生效：选择和复选框立即生效，输入的数字在离开输入框或按 Enter 时生效。每个控件旁的标记显示服务器是否已收到。',
  },
  'settings.mark.edited': { en: 'Not applied: Enter', 'zh-CN': '未生效：按 Enter' },
  'settings.mark.saving': { en: 'Saving…', 'zh-CN': '正在保存…' },
  'settings.mark.saved': { en: '✓ Saved', 'zh-CN': '✓ 已保存' },
  'settings.mark.refused': { en: 'Not saved', 'zh-CN': '未保存' },
  'join.loopbackWarnProjector': {
    en: 'Phones cannot open this link yet: {host} is the teacher’s own computer. The dashboard says how to give students an address they can reach.',
    'zh-CN': '手机暂时打不开这个链接：{host} 是老师自己的电脑。控制台上有说明，教你给学生一个能访问的地址。',
  },
  'proj.podiumTitle': { en: 'Best in round {n}', 'zh-CN': '第 {n} 轮前三名' },
  'proj.classTotal': { en: 'class total {points}', 'zh-CN': '课堂总分 {points}' },

  // ── issue 17: homework debrief ──
  'debrief.heading': { en: 'Why? Questions on this scenario', 'zh-CN': '为什么？关于这个场景的问题' },
  'debrief.intro': {
    en: 'Answer a question to see whether you are right and why. The questions you get right are remembered in this browser only.',
    'zh-CN': '回答一道题，就能看到你是否答对以及原因。你答对的题目只记录在这个浏览器里。',
  },
  'debrief.questionN': { en: 'Question {n} of {total}', 'zh-CN': '第 {n} 题，共 {total} 题' },
  'debrief.rightBefore': { en: 'Already right before', 'zh-CN': '以前已答对' },
  'debrief.number': { en: 'Your answer (a whole number)', 'zh-CN': '你的答案（整数）' },
  'debrief.check': { en: 'Check my answer', 'zh-CN': '核对答案' },
  'debrief.pickOne': { en: 'Choose one answer first.', 'zh-CN': '请先选择一个答案。' },
  'debrief.badNumber': { en: 'Type a whole number from 0 to 4294967295.', 'zh-CN': '请输入 0 到 4294967295 之间的整数。' },
  'debrief.right': { en: 'Right!', 'zh-CN': '答对了！' },
  'debrief.wrong': { en: 'Not quite.', 'zh-CN': '不太对。' },
  'debrief.yourAnswer': { en: 'Your answer: {answer}', 'zh-CN': '你的答案：{answer}' },
  'debrief.answerIs': { en: 'The right answer: {answer}', 'zh-CN': '正确答案：{answer}' },
  'debrief.why': { en: 'Why: {explanation}', 'zh-CN': '原因：{explanation}' },

  // ── issue 16: the Abort scenario ──
  'inbox.app.abort': { en: 'Your app aborts the connection (SO_LINGER 0).', 'zh-CN': '你的应用中止了连接（SO_LINGER 为 0）。' },

  // ── issue 17: concept checks ──
  'check.heading.pre': { en: 'Concept check: before the rounds', 'zh-CN': '概念小测：回合开始前' },
  'check.heading.post': { en: 'Concept check: after the rounds', 'zh-CN': '概念小测：回合结束后' },
  'check.intro': {
    en: 'Answer each question. Your first answer counts. You see what was right when the instructor closes the check.',
    'zh-CN': '请回答每道题，以第一次的答案为准。老师结束小测后，你会看到正确答案。',
  },
  'check.questionN': { en: 'Question {n} of {total}', 'zh-CN': '第 {n} 题，共 {total} 题' },
  'check.number': { en: 'Your answer (a whole number)', 'zh-CN': '你的答案（整数）' },
  'check.submit': { en: 'Answer', 'zh-CN': '提交答案' },
  'check.sending': { en: 'Sending…', 'zh-CN': '正在提交…' },
  'check.recorded': { en: 'Answer recorded.', 'zh-CN': '答案已记录。' },
  'check.pickOne': { en: 'Choose one answer first.', 'zh-CN': '请先选择一个答案。' },
  'check.badNumber': { en: 'Type a whole number from 0 to 4294967295.', 'zh-CN': '请输入 0 到 4294967295 之间的整数。' },
  'check.progress': { en: '{n} of {total} answered', 'zh-CN': '已回答 {n} / {total} 题' },
  'check.waitClose': { en: 'All answered. Your results come when the instructor closes the check.', 'zh-CN': '已全部作答。老师结束小测后将显示你的结果。' },
  'check.closedNoAnswer': { en: 'The check is closed. You did not answer it.', 'zh-CN': '小测已结束。你没有作答。' },
  'check.score': { en: 'You got {score} of {max} right.', 'zh-CN': '你答对了 {score} 题，共 {max} 题。' },
  'check.right': { en: 'Right', 'zh-CN': '正确' },
  'check.wrong': { en: 'Not right', 'zh-CN': '不正确' },
  'check.notAnswered': { en: 'Not answered', 'zh-CN': '未作答' },
  'check.yourAnswer': { en: 'Your answer: {answer}', 'zh-CN': '你的答案：{answer}' },
  'check.answerIs': { en: 'The right answer: {answer}', 'zh-CN': '正确答案：{answer}' },
  'check.why': { en: 'Why: {explanation}', 'zh-CN': '原因：{explanation}' },
  'check.stage.pre': { en: 'Pre-check', 'zh-CN': '前测' },
  'check.stage.post': { en: 'Post-check', 'zh-CN': '后测' },
  'check.host.heading': { en: 'Concept check', 'zh-CN': '概念小测' },
  'check.host.count': { en: 'Questions', 'zh-CN': '题目数' },
  'check.host.choose': { en: 'Choose questions at random', 'zh-CN': '随机选题' },
  'check.host.chosen': { en: '{n} questions, the same before and after:', 'zh-CN': '共 {n} 题，前测和后测相同：' },
  'check.host.none': { en: 'No questions chosen yet.', 'zh-CN': '尚未选择题目。' },
  'check.host.openPre': { en: 'Open the pre-check', 'zh-CN': '开始前测' },
  'check.host.openPost': { en: 'Open the post-check', 'zh-CN': '开始后测' },
  'check.host.close': { en: 'Close the check', 'zh-CN': '结束小测' },
  'check.host.open': { en: '{stage} open.', 'zh-CN': '{stage}进行中。' },
  'check.count': { en: '{answers} answers from {answering} of {students} students ({complete} finished)', 'zh-CN': '{students} 名学生中已有 {answering} 人作答，共 {answers} 个答案（{complete} 人已完成）' },
  'check.results': { en: '{stage}: results ({n} students)', 'zh-CN': '{stage}结果（{n} 名学生）' },
  'check.rightCount': { en: '{right} of {answers} right', 'zh-CN': '{answers} 人中 {right} 人答对' },
  'check.correctMark': { en: '(right answer)', 'zh-CN': '（正确答案）' },
  'check.numericAnswer': { en: 'Right answer: {answer}', 'zh-CN': '正确答案：{answer}' },

  // ── issue 16: retransmission backoff ──
  'scene.backedOff': { en: 'RTO ×{n}', 'zh-CN': 'RTO ×{n}' },
  'timer.rtoStartedBackedOff': {
    en: 'Retransmission timer started again, with the timeout doubled (backoff, {n} × the class RTO): it fires in {s} s of network time unless your segment is acknowledged.',
    'zh-CN': '重传计时器再次启动，超时时间已加倍（退避，课堂 RTO 的 {n} 倍）：如果你的报文段没有被确认，它将在 {s} 秒网络时间后超时。',
  },
  'host.backoff': { en: 'Retransmission backoff (the RTO doubles on each retry)', 'zh-CN': '重传退避（每次重传 RTO 加倍）' },
  'host.backoffAbout': {
    en: 'As RFC 6298 and real stacks do: each time a retransmission timer fires, that endpoint waits twice as long next time, up to 4 × the RTO (at most 60 s); once new data is acknowledged it is back to the RTO. Off: every retry waits the same RTO.',
    'zh-CN': '与 RFC 6298 和真实协议栈一样：重传计时器每超时一次，该端点下次的等待时间就加倍，最多为 RTO 的 4 倍（不超过 60 秒）；新数据被确认后恢复为 RTO。关闭后每次重传都等待相同的 RTO。',
  },

  // ── h17 ──
  'check.bank.first': { en: 'Question bank: {title} ({n} questions).', 'zh-CN': '题库：{title}（共 {n} 题）。' },
  'check.bank.own': { en: 'Question bank: your own, “{title}” ({n} questions).', 'zh-CN': '题库：你自己的“{title}”（共 {n} 题）。' },
  'check.bank.load': { en: 'Load your own question bank (a file)', 'zh-CN': '载入你自己的题库文件' },
  'check.bank.help': {
    en: 'A JSON file in the question bank format, at most {kb} KB, with at least {min} questions. It replaces the bank until the check opens.',
    'zh-CN': '按题库格式编写的文件，不超过 {kb} KB，至少 {min} 道题。在小测开始之前，它会替换当前题库。',
  },
  'check.bank.loading': { en: 'Loading the file…', 'zh-CN': '正在载入文件……' },
  'check.bank.loaded': { en: 'Loaded “{title}”: {n} questions. The check draws from it.', 'zh-CN': '已载入“{title}”：共 {n} 题。小测将从中选题。' },
  'check.bank.refused': { en: 'The file was not loaded, and nothing changed:', 'zh-CN': '文件没有载入，题库保持不变：' },
  'check.bank.more': { en: '…and {n} more problems.', 'zh-CN': '……另外还有 {n} 个问题。' },
  'check.bank.tooLarge': { en: 'The file is too large (at most {kb} KB). Nothing changed.', 'zh-CN': '文件过大（最多 {kb} KB），题库保持不变。' },
  'check.bank.failed': { en: 'The file could not be sent to the server. Nothing changed; try again.', 'zh-CN': '无法把文件发送到服务器，题库保持不变，请重试。' },
  'check.bank.chooseAgain': { en: 'The chosen questions are not from the bank loaded since: choose them again.', 'zh-CN': '已选的题目不属于刚载入的题库，请重新选题。' },
  'check.pick.summary': { en: 'Or choose the questions yourself ({min}–{max})', 'zh-CN': '或者自己选题（{min}–{max} 题）' },
  'check.pick.legend': { en: 'Tick {min} to {max} questions of the bank', 'zh-CN': '从题库中勾选 {min} 到 {max} 道题' },
  'check.pick.count': { en: '{n} ticked', 'zh-CN': '已勾选 {n} 题' },
  'check.pick.problem': { en: 'Tick {min} to {max} questions ({n} now).', 'zh-CN': '请勾选 {min} 到 {max} 道题（现在是 {n} 道）。' },
  'check.pick.use': { en: 'Use the {n} ticked questions', 'zh-CN': '使用已勾选的 {n} 道题' },

  // ── incarnation ──
  'inbox.app.connectReuse': {
    en: 'Your app calls connect() again, on the same ports as the connection that just ended. The other end may still remember that one: pick a new ISN above every seq it used.',
    'zh-CN': '你的应用再次调用了 connect()，使用的端口与刚结束的连接相同。对方可能还记得那个连接：新的初始序列号要高于旧连接用过的每一个序列号。',
  },
} as const satisfies Record<string, Record<Lang, string>>;

/**
 * The one text table: the game's texts (`UI_TEXT`, above) and the review page's (`review.*`,
 * i18n/review-text.ts). Every lookup (`t`, `textIn`, `plural`) is typed over both.
 */
export const TEXT = { ...UI_TEXT, ...REVIEW_TEXT } as const satisfies Record<string, Record<Lang, string>>;

/** A key of the game's texts (`UI_TEXT`). */
export type TextKey = keyof typeof UI_TEXT;
/** A key of the review's texts (`review.*`). */
export type ReviewKey = keyof typeof REVIEW_TEXT;
/** A key of the one table: what `t`, `textIn`, `plural` take. */
export type Key = keyof typeof TEXT;
export type Params = Record<string, string | number>;

/** `text` with each `{name}` replaced by its parameter (left as is when missing). */
export function fill(text: string, params: Params = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** A text in `l`, `{name}` parameters filled in. */
export function textIn(l: Lang, key: Key, params?: Params): string {
  return fill(TEXT[key][l], params);
}

/** A text in the current language. */
export function t(key: Key, params?: Params): string {
  return textIn(lang.value, key, params);
}

/** A {en, zh-CN} text (scenario titles, server errors) in the current language. */
export function pick(text: Record<Lang, string>): string {
  return text[lang.value];
}

/**
 * A text with a count in the current language: its plural form for `n` (`key.one` beside `key`,
 * i18n/plural.ts, through Intl.PluralRules), with `{n}` filled.
 */
export function pluralIn(l: Lang, key: Key, n: number, params: Params = {}): string {
  return textIn(l, pluralKey(TEXT, key, l, n), { n, ...params });
}

/** `pluralIn` in the current language. */
export function plural(key: Key, n: number, params?: Params): string {
  return pluralIn(lang.value, key, n, params);
}
