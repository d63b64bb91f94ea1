import type { LessonOutcome } from '../../../shared/review/lesson';
import type { LessonStep } from '../../../shared/round/scenarios';
import { fill, getLang, LANGS, type Lang, type Params } from '../i18n/ui';

export { LANGS, type Lang };

/**
 * The review page's own texts (after class: replays, statistics, exports, import), in every
 * language. The language itself follows the main client (client/src/i18n/ui.ts: the stored choice
 * under `synack.lang`, else a zh* browser language, else English); state and flag names stay in
 * English in both, as TCP.md asks. Rule explanations come from shared/i18n `explainRule`.
 */
export const REVIEW_TEXT = {
  'page.title': { en: 'SYN/ACK · After-class review', 'zh-CN': 'SYN/ACK · 课后回顾' },
  'page.heading': { en: 'After-class review', 'zh-CN': '课后回顾' },
  'page.class': { en: 'Class {code}', 'zh-CN': '班级 {code}' },
  'page.mine': { en: 'My rounds in class {code}', 'zh-CN': '我在班级 {code} 的回合' },
  'page.mineAs': { en: 'My rounds in class {code} ({name})', 'zh-CN': '我在班级 {code} 的回合（{name}）' },
  'page.back': { en: 'Back to the game', 'zh-CN': '返回游戏' },
  'lang.switch': { en: '中文', 'zh-CN': 'English' },
  'lang.switchLabel': { en: 'Switch language to 简体中文', 'zh-CN': 'Switch language to English（切换到英文）' },

  'access.heading': { en: 'Open a class for review', 'zh-CN': '打开课堂进行回顾' },
  'access.intro': {
    en: 'Enter the class code and its host key. The browser that hosted the class keeps the key, so there it is filled in for you.',
    'zh-CN': '请输入班级代码和主持密钥。创建课堂的浏览器保存了该密钥，在那台浏览器上会自动填写。',
  },
  'access.introMine': {
    en: 'Students: enter the class code and the replay token this browser received when you joined, to see your own rounds.',
    'zh-CN': '学生：请输入班级代码和加入课堂时浏览器收到的回放令牌，以查看你自己的回合。',
  },
  'access.code': { en: 'Class code', 'zh-CN': '班级代码' },
  'access.key': { en: 'Host key', 'zh-CN': '主持密钥' },
  'access.token': { en: 'Replay token', 'zh-CN': '回放令牌' },
  'access.keyHint': { en: 'Kept in this browser after it opens the class.', 'zh-CN': '打开课堂后会保存在此浏览器中。' },
  'access.load': { en: 'Open review', 'zh-CN': '打开回顾' },
  'access.loading': { en: 'Loading…', 'zh-CN': '正在加载…' },
  'access.needCode': { en: 'Enter the class code (7 letters and digits).', 'zh-CN': '请输入班级代码（7 位字母和数字）。' },
  'access.needKey': { en: 'Enter the key.', 'zh-CN': '请输入密钥。' },
  'access.noKeyImport': {
    en: 'No key? You can still check a trace file in the Import tab.',
    'zh-CN': '没有密钥？你仍然可以在“导入轨迹”中检查轨迹文件。',
  },

  'err.denied': {
    en: 'Access denied: this key does not open class {code}. Check the class code and the key.',
    'zh-CN': '拒绝访问：此密钥无法打开班级 {code}。请检查班级代码和密钥。',
  },
  'err.network': { en: 'Cannot reach the server. Check your connection and try again.', 'zh-CN': '无法连接服务器，请检查网络后重试。' },
  'err.http': { en: 'The server answered with an error (HTTP {status}).', 'zh-CN': '服务器返回了错误（HTTP {status}）。' },
  'err.notFound': { en: 'This round is not recorded (HTTP 404).', 'zh-CN': '没有记录这个回合（HTTP 404）。' },
  'err.badData': { en: 'The server sent data this page cannot read.', 'zh-CN': '服务器发送的数据无法读取。' },
  'err.badTrace': { en: 'The recorded trace is not valid:', 'zh-CN': '记录的轨迹无效：' },

  'tab.replays': { en: 'Replays', 'zh-CN': '回放' },
  'tab.stats': { en: 'Statistics', 'zh-CN': '统计' },
  'tab.import': { en: 'Import a trace', 'zh-CN': '导入轨迹' },
  'tab.label': { en: 'Sections of the review', 'zh-CN': '回顾的各个部分' },

  'rounds.heading': { en: 'Rounds', 'zh-CN': '回合' },
  'rounds.empty': { en: 'No rounds recorded yet.', 'zh-CN': '还没有记录任何回合。' },
  'rounds.round': { en: 'Round {n}', 'zh-CN': '第 {n} 回合' },
  'rounds.players': { en: '{client} (client) vs {server} (server)', 'zh-CN': '{client}（客户端）对 {server}（服务器）' },
  'rounds.finished': { en: 'finished', 'zh-CN': '已完成' },
  'rounds.unfinished': { en: 'not finished', 'zh-CN': '未完成' },
  'rounds.running': { en: 'still running', 'zh-CN': '进行中' },
  'rounds.interrupted': { en: 'cut short (the server stopped)', 'zh-CN': '中断（服务器已停止）' },
  'rounds.events': { en: '{n} events', 'zh-CN': '{n} 个事件' },
  'rounds.noLesson': { en: 'the lesson did not happen', 'zh-CN': '教学环节没有发生' },
  'rounds.open': { en: 'Open the replay of round {n}, {pair}', 'zh-CN': '打开第 {n} 回合 {pair} 的回放' },
  'mode.practice': { en: 'practice', 'zh-CN': '练习' },
  'mode.assessment': { en: 'assessment', 'zh-CN': '测评' },
  'side.client': { en: 'client', 'zh-CN': '客户端' },
  'side.server': { en: 'server', 'zh-CN': '服务器' },
  'player.bot': { en: 'the bot', 'zh-CN': '机器人' },

  'viewer.empty': { en: 'Choose a pair in the list to see its replay.', 'zh-CN': '请在列表中选择一个小组查看回放。' },
  'viewer.emptyNoClass': { en: 'Open a class above to see its replays, or check a trace file in the Import tab.', 'zh-CN': '请在上方打开一个课堂以查看回放，或在“导入轨迹”中检查轨迹文件。' },
  'viewer.loading': { en: 'Loading the replay…', 'zh-CN': '正在加载回放…' },
  'viewer.title': { en: 'Round {n} · {pair} · {scenario} ({mode})', 'zh-CN': '第 {n} 回合 · {pair} · {scenario}（{mode}）' },
  'viewer.imported': { en: 'Imported trace: {name}', 'zh-CN': '导入的轨迹：{name}' },
  'viewer.summary': { en: '{correct} of {judged} judged answers correct.', 'zh-CN': '{judged} 个被评判的答案中有 {correct} 个正确。' },
  'viewer.noJudged': { en: 'No answer in this trace is judged.', 'zh-CN': '这条轨迹中没有被评判的答案。' },
  'lesson.missed': {
    en: '⚠ The lesson did not happen: what this scenario is played for did not take place in this round, so it does not count as a success.',
    'zh-CN': '⚠ 教学环节没有发生：这个场景要演示的过程在本回合中没有出现，因此不算成功完成。',
  },
  'lesson.missedSome': {
    en: '⚠ The lesson did not happen, so this round does not count as a success. Missing: {steps}.',
    'zh-CN': '⚠ 教学环节没有发生，因此本回合不算成功完成。缺少的是：{steps}。',
  },
  'lesson.step.syn-sent-rcv-syn-ack': { en: 'the SYN+ACK reaching the {side} in SYN_SENT', 'zh-CN': 'SYN+ACK 到达处于 SYN_SENT 的{side}' },
  'lesson.step.syn-rcvd-rcv-ack': { en: 'the ACK of its SYN reaching the {side} in SYN_RCVD', 'zh-CN': '对其 SYN 的 ACK 到达处于 SYN_RCVD 的{side}' },
  'lesson.step.rcv-data': { en: 'data reaching the {side}', 'zh-CN': '数据到达{side}' },
  'lesson.step.fin-wait-2-rcv-fin': { en: 'the peer’s FIN reaching the {side} after its own FIN was acknowledged', 'zh-CN': '对方的 FIN 在{side}自己的 FIN 被确认后到达' },
  'lesson.step.last-ack-rcv-ack-of-fin': { en: 'the final ACK reaching the {side} in LAST_ACK', 'zh-CN': '最后的 ACK 到达处于 LAST_ACK 的{side}' },
  'lesson.step.retransmission-timeout': { en: 'a retransmission timeout at the {side}', 'zh-CN': '{side}的重传超时' },
  'lesson.step.time-wait-rcv-fin': { en: 'the repeated FIN reaching the {side} in TIME_WAIT, to be ACKed again', 'zh-CN': '重传的 FIN 到达处于 TIME_WAIT 的{side}，并被再次确认' },
  'lesson.step.fin-wait-1-rcv-fin': { en: 'a FIN reaching the {side} in FIN_WAIT_1 (the FINs crossing)', 'zh-CN': 'FIN 到达处于 FIN_WAIT_1 的{side}（两个 FIN 交错）' },
  'lesson.step.syn-sent-rcv-bad-ack': { en: 'the stale SYN+ACK reaching the {side} in SYN_SENT, to be answered with RST', 'zh-CN': '过期的 SYN+ACK 到达处于 SYN_SENT 的{side}，并以 RST 回应' },
  'lesson.step.syn-rcvd-rcv-rst-passive': { en: 'the RST reaching the {side} in SYN_RCVD (back to LISTEN)', 'zh-CN': 'RST 到达处于 SYN_RCVD 的{side}（回到 LISTEN）' },
  'lesson.step.syn-sent-rcv-syn': { en: 'the peer’s SYN reaching the {side} in SYN_SENT (the SYNs crossing)', 'zh-CN': '对方的 SYN 到达处于 SYN_SENT 的{side}（两个 SYN 交错）' },
  'lesson.step.other': { en: 'table row {row} on the {side}', 'zh-CN': '{side}的状态表行 {row}' },
  'ctl.label': { en: 'Replay controls', 'zh-CN': '回放控制' },
  'ctl.back': { en: 'Step back', 'zh-CN': '后退一步' },
  'ctl.forward': { en: 'Step forward', 'zh-CN': '前进一步' },
  'ctl.play': { en: 'Play', 'zh-CN': '播放' },
  'ctl.pause': { en: 'Pause', 'zh-CN': '暂停' },
  'ctl.scrub': { en: 'Events shown', 'zh-CN': '显示的事件' },
  'ctl.position': { en: 'Event {i} of {n} · t = {t}', 'zh-CN': '第 {i} / {n} 个事件 · t = {t}' },
  'ctl.start': { en: 'Start: no event shown yet.', 'zh-CN': '开始：尚未显示任何事件。' },
  'ctl.keys': {
    en: 'Keys on the diagram: ← → step, Space play or pause, Home and End jump; Enter on a segment opens its details.',
    'zh-CN': '图上的按键：← → 单步，空格 播放或暂停，Home 和 End 跳到开头或结尾；在报文段上按 Enter 打开详情。',
  },
  'ctl.speed': { en: 'Speed', 'zh-CN': '速度' },

  'ev.app': { en: 'The {side}’s app calls {call}.', 'zh-CN': '{side}的应用调用了 {call}。' },
  'ev.send': { en: 'The {side} sends {label}.', 'zh-CN': '{side}发送了 {label}。' },
  'ev.sendAuto': { en: 'The engine sends {label} for the {side}.', 'zh-CN': '系统代{side}发送了 {label}。' },
  'ev.sendStale': { en: 'The network injects a stale {label}, as if from the {side}.', 'zh-CN': '网络注入了一个过期的 {label}，看起来像是{side}发送的。' },
  'ev.deliver': { en: '{label} arrives at the {to}.', 'zh-CN': '{label} 到达{to}。' },
  'ev.deliverAgain': { en: '{label} arrives at the {to} again (a duplicate).', 'zh-CN': '{label} 再次到达{to}（重复）。' },
  'ev.drop': { en: '{label} is lost in the network.', 'zh-CN': '{label} 在网络中丢失。' },
  'ev.timeout.retransmit': { en: 'The {side}’s retransmission timer fires.', 'zh-CN': '{side}的重传计时器超时。' },
  'ev.timeout.time_wait': { en: 'The {side}’s 2×MSL timer expires.', 'zh-CN': '{side}的 2×MSL 计时器到期。' },
  'ev.state': { en: 'The {side} declares {state}.', 'zh-CN': '{side}声明状态 {state}。' },
  'ev.verdictOk': { en: 'Correct.', 'zh-CN': '正确。' },
  'ev.verdictWrong': { en: 'Wrong.', 'zh-CN': '错误。' },
  'ev.states': { en: 'States: client {client}, server {server}.', 'zh-CN': '状态：客户端 {client}，服务器 {server}。' },

  'ladder.label': {
    en: 'Ladder diagram: time flows down, the client on the left, the server on the right. {shown} of {n} events shown.',
    'zh-CN': '时序图：时间向下流动，左边是客户端，右边是服务器。已显示 {n} 个事件中的 {shown} 个。',
  },
  'ladder.declares': { en: 'declares {state}', 'zh-CN': '声明状态 {state}' },
  'ladder.window': { en: '… {n} earlier events are not drawn: step back or use the slider to see them', 'zh-CN': '… 前面 {n} 个事件未绘制：后退或拖动滑块即可查看' },
  'ladder.segmentLabel': { en: '{text}. Press Enter for details.', 'zh-CN': '{text}。按 Enter 查看详情。' },

  'legend.heading': { en: 'Legend', 'zh-CN': '图例' },
  'legend.ok': { en: 'correct answer', 'zh-CN': '正确的答案' },
  'legend.wrong': { en: 'wrong answer', 'zh-CN': '错误的答案' },
  'legend.unjudged': { en: 'not judged (sent by the engine, the bot or a scripted side)', 'zh-CN': '不评判（由系统、机器人或脚本端发送）' },
  'legend.stale': { en: 'stale duplicate injected by the network', 'zh-CN': '网络注入的过期重复报文段' },
  'legend.lost': { en: 'lost in the network', 'zh-CN': '在网络中丢失' },
  'legend.refused': { en: 'wrong answer that never went onto the network', 'zh-CN': '没有进入网络的错误答案' },
  'legend.retransmit': { en: 'retransmission (repeats an earlier seq)', 'zh-CN': '重传（重复之前的序列号）' },
  'legend.dup': { en: 'second copy of a duplicated segment', 'zh-CN': '重复报文段的第二个副本' },
  'legend.app': { en: 'application call', 'zh-CN': '应用调用' },
  'legend.timer': { en: 'timer fired', 'zh-CN': '计时器触发' },
  'legend.state': {
    en: 'state after the event, as the game names it: a state begins with the segment that makes it',
    'zh-CN': '事件之后的状态（按游戏的命名）：状态从引起它的报文段开始',
  },
  'legend.time': { en: 'network time: it stands still while a student is thinking', 'zh-CN': '网络时间：学生思考时它会暂停' },

  'detail.heading': { en: 'Segment {id}: {from} → {to}', 'zh-CN': '报文段 {id}：{from} → {to}' },
  'detail.stateHeading': { en: 'State declared by the {side}', 'zh-CN': '{side}声明的状态' },
  'detail.close': { en: 'Close details', 'zh-CN': '关闭详情' },
  'detail.empty': { en: 'Click a segment (or focus it and press Enter) to see what was chosen, what was correct and why.', 'zh-CN': '点击一个报文段（或聚焦后按 Enter），查看所选内容、正确答案和原因。' },
  'detail.at': { en: 't = {t}', 'zh-CN': 't = {t}' },
  'detail.byPlayer': { en: 'Chosen by {name}, playing the {side}.', 'zh-CN': '由扮演{side}的 {name} 选择。' },
  'detail.byPlayerAnon': { en: 'Chosen by the player of the {side}.', 'zh-CN': '由{side}的玩家选择。' },
  'detail.byAuto': { en: 'Sent by the engine for the {side}; not judged.', 'zh-CN': '由系统代{side}发送，不评判。' },
  'detail.byNetwork': { en: 'Injected by the network: a stale duplicate that looks as if the {side} sent it long ago; not judged.', 'zh-CN': '由网络注入：一个看起来像是{side}很久以前发送的过期重复报文段，不评判。' },
  'detail.byScripted': { en: 'Sent by the {side}, whose sends are not judged in this trace.', 'zh-CN': '由{side}发送，这条轨迹中不评判该端的发送。' },
  'detail.field': { en: 'Field', 'zh-CN': '字段' },
  'detail.chosen': { en: 'Chosen', 'zh-CN': '所选' },
  'detail.correct': { en: 'Correct', 'zh-CN': '正确答案' },
  'detail.fieldOk': { en: '✓ same', 'zh-CN': '✓ 相同' },
  'detail.notDeclared': { en: '— not declared —', 'zh-CN': '— 未声明 —' },
  'detail.okAll': { en: '✓ Correct: every field follows the rules.', 'zh-CN': '✓ 正确：每个字段都符合规则。' },
  'detail.wrong1': { en: '✗ Wrong: one field breaks a rule.', 'zh-CN': '✗ 错误：有 1 个字段违反了规则。' },
  'detail.wrongN': { en: '✗ Wrong: {n} fields break a rule.', 'zh-CN': '✗ 错误：有 {n} 个字段违反了规则。' },
  'detail.rules': { en: 'Rules broken', 'zh-CN': '违反的规则' },
  'detail.delivered': { en: 'Delivered to the {to} at t = {t}.', 'zh-CN': '在 t = {t} 送达{to}。' },
  'detail.deliveredAgain': { en: 'Delivered again at t = {t}: a duplicate.', 'zh-CN': '在 t = {t} 再次送达：重复报文段。' },
  'detail.lost': { en: 'Lost in the network at t = {t}.', 'zh-CN': '在 t = {t} 于网络中丢失。' },
  'detail.refused': { en: 'Never sent: a wrong answer goes nowhere.', 'zh-CN': '没有发出：错误的答案不会进入网络。' },
  'detail.carried': { en: 'The engine carried the correct segment on instead: {label}.', 'zh-CN': '系统改为发送了正确的报文段：{label}。' },
  'detail.inFlight': { en: 'Still in flight when the trace ends.', 'zh-CN': '轨迹结束时仍在传输中。' },
  'detail.retransmit': { en: '↻ A retransmission: it repeats the seq of an earlier segment of the {side}.', 'zh-CN': '↻ 这是一次重传：它重复了{side}之前某个报文段的序列号。' },
  'detail.stateChange': { en: 'State of the {side} by the rules: {before} → {after}.', 'zh-CN': '按规则，{side}的状态：{before} → {after}。' },
  'detail.rfcState': {
    en: 'RFC 9293: {state} from the {call} call on. In the game, {state} begins with the {carrier}: a state begins with the segment that makes it.',
    'zh-CN': 'RFC 9293：从调用 {call} 起就是 {state}。在本游戏中，{state} 从 {carrier} 开始：状态从引起它的报文段开始。',
  },
  'detail.answeredAfter': {
    en: 'Answered after {d} (wall-clock time since the last segment, timer or app call reached the {side}).',
    'zh-CN': '用时 {d} 作答（从上一个报文段、计时器或应用调用到达{side}算起的实际时间）。',
  },
  'detail.hint': { en: 'A first mistake on this rule in practice gets this hint instead:', 'zh-CN': '练习模式中第一次违反这条规则时，看到的是这条提示：' },
  'field.flags': { en: 'flags', 'zh-CN': '标志位' },
  'field.seq': { en: 'seq', 'zh-CN': 'seq（序列号）' },
  'field.ack': { en: 'ack', 'zh-CN': 'ack（确认号）' },
  'field.len': { en: 'len', 'zh-CN': 'len（数据长度）' },
  'field.state': { en: 'declared state', 'zh-CN': '声明的状态' },

  'stats.loading': { en: 'Loading the statistics…', 'zh-CN': '正在加载统计…' },
  'stats.mistakes': { en: 'Most common mistakes, by rule', 'zh-CN': '最常见的错误（按规则）' },
  'stats.mistakesLabel': { en: 'Bar chart of the most common mistakes: {list}', 'zh-CN': '最常见错误的条形图：{list}' },
  'stats.noMistakes': { en: 'No mistakes recorded. 🎉', 'zh-CN': '没有记录到错误。🎉' },
  'stats.times': { en: '{n}×', 'zh-CN': '{n} 次' },
  'stats.students': { en: 'Students', 'zh-CN': '学生' },
  'stats.noStudents': { en: 'No student has played a judged round yet.', 'zh-CN': '还没有学生参加被评判的回合。' },
  'stats.col.nickname': { en: 'Student', 'zh-CN': '学生' },
  'stats.col.score': { en: 'Score', 'zh-CN': '得分' },
  'stats.col.accuracy': { en: 'Accuracy', 'zh-CN': '正确率' },
  'stats.col.answers': { en: 'Correct / judged', 'zh-CN': '正确 / 评判' },
  'stats.col.mistakes': { en: 'Mistakes', 'zh-CN': '错误数' },
  'stats.sortHint': { en: 'Click a column heading to sort.', 'zh-CN': '点击列标题可排序。' },
  'stats.scenarios': {
    en: 'Pairs that finished, had the lesson and made no error, per scenario',
    'zh-CN': '各场景中完成回合、出现教学环节且没有任何错误的小组比例',
  },
  'stats.scenariosLabel': {
    en: 'Bar chart of the share of pairs per scenario that finished, had the lesson and made no error: {list}',
    'zh-CN': '各场景完成回合、出现教学环节且无错误的小组比例条形图：{list}',
  },
  'stats.scenarioBar': { en: '{flawless} of {pairs} pairs', 'zh-CN': '{pairs} 组中 {flawless} 组' },
  'stats.scenarioNoLesson': { en: 'no lesson in {n}', 'zh-CN': '{n} 组没有教学环节' },
  'stats.noScenarios': { en: 'No rounds recorded yet.', 'zh-CN': '还没有记录任何回合。' },
  'stats.needAccess': { en: 'Open the class with its host key to see its statistics.', 'zh-CN': '请用主持密钥打开课堂以查看统计。' },
  'stats.hostOnly': { en: 'Class statistics are for the instructor (host key).', 'zh-CN': '班级统计仅供教师查看（需要主持密钥）。' },

  'export.csv': { en: 'Download the gradebook (CSV)', 'zh-CN': '下载成绩表（CSV）' },
  'export.trace': { en: 'Download this trace (JSON)', 'zh-CN': '下载此轨迹（JSON）' },
  'export.done': { en: 'Saved {file}.', 'zh-CN': '已保存 {file}。' },
  'export.failed': { en: 'Download failed: {message}', 'zh-CN': '下载失败：{message}' },

  'import.heading': { en: 'Check a trace file', 'zh-CN': '检查轨迹文件' },
  'import.intro': {
    en: 'A trace in the SYN/ACK format (a downloaded replay, or a capture converted to it) is checked by the same rule engine and drawn in the replay viewer.',
    'zh-CN': 'SYN/ACK 格式的轨迹（下载的回放，或由抓包转换而来）会由同一个规则引擎检查，并在回放查看器中绘制。',
  },
  'import.drop': { en: 'Drop a .json trace file here', 'zh-CN': '将 .json 轨迹文件拖放到这里' },
  'import.dropActive': { en: 'Release to check this file', 'zh-CN': '松开以检查此文件' },
  'import.choose': { en: 'or choose a file', 'zh-CN': '或选择文件' },
  'import.paste': { en: 'Or paste the JSON here', 'zh-CN': '或在此粘贴 JSON' },
  'import.check': { en: 'Check and show', 'zh-CN': '检查并显示' },
  'import.invalid': { en: '“{name}” is not a valid trace ({n} problems):', 'zh-CN': '“{name}” 不是有效的轨迹（{n} 个问题）：' },
  'import.notJson': { en: 'not valid JSON ({message})', 'zh-CN': '不是有效的 JSON（{message}）' },
  'import.tooBig': { en: 'the file is too large ({size} MB; at most {max} MB)', 'zh-CN': '文件太大（{size} MB；最多 {max} MB）' },
  'import.reading': { en: 'Reading “{name}”…', 'zh-CN': '正在读取“{name}”…' },
  'import.checking': { en: 'Checking “{name}”: {pct}% of {events} events', 'zh-CN': '正在检查“{name}”：{events} 个事件中的 {pct}%' },
  'import.cancel': { en: 'Cancel', 'zh-CN': '取消' },
  'import.cancelled': { en: 'The check of “{name}” was cancelled.', 'zh-CN': '已取消对“{name}”的检查。' },
  'import.empty': { en: 'Nothing to check: drop, choose or paste a trace first.', 'zh-CN': '没有可检查的内容：请先拖放、选择或粘贴一条轨迹。' },
  'import.ok': { en: '“{name}” is a valid trace: {correct} of {judged} judged answers correct. It is shown in Replays.', 'zh-CN': '“{name}” 是有效的轨迹：{judged} 个被评判的答案中有 {correct} 个正确。已在“回放”中显示。' },
  'import.pasted': { en: 'pasted trace', 'zh-CN': '粘贴的轨迹' },
  'import.more': { en: '… and {n} more', 'zh-CN': '……还有 {n} 个' },
  // ── issue 14: accessibility and language ──
  'rounds.events.one': { en: '{n} event', 'zh-CN': '{n} 个事件' },
  'import.invalid.one': { en: '“{name}” is not a valid trace ({n} problem):', 'zh-CN': '“{name}” 不是有效的轨迹（{n} 个问题）：' },
  'ladder.window.one': { en: '… {n} earlier event is not drawn: step back or use the slider to see it', 'zh-CN': '… 前面 {n} 个事件未绘制：后退或拖动滑块即可查看' },
  'legend.stateWord': { en: 'STATE', 'zh-CN': '状态' },
  'rounds.keys': { en: '↑ ↓ move between the pairs; Tab goes on to the replay.', 'zh-CN': '用 ↑ ↓ 在小组之间移动；按 Tab 进入回放。' },
} as const satisfies Record<string, Record<Lang, string>>;

export type ReviewKey = keyof typeof REVIEW_TEXT;

/** A review text in `lang`, `{name}` parameters filled in. */
export function rtIn(lang: Lang, key: ReviewKey, params?: Params): string {
  return fill(REVIEW_TEXT[key][lang], params);
}

/** A review text in the page's current language. */
export function rt(key: ReviewKey, params?: Params): string {
  return rtIn(getLang(), key, params);
}

/** One step of a scenario's lesson in words (`lesson.step.<row>`, else the row's id), for a side. */
export function lessonStepText(step: LessonStep, lang: Lang): string {
  const side = rtIn(lang, `side.${step.side}`);
  const key = `lesson.step.${step.row}`;
  if (Object.hasOwn(REVIEW_TEXT, key)) return rtIn(lang, key as ReviewKey, { side });
  return rtIn(lang, 'lesson.step.other', { row: step.row, side });
}

/**
 * What the replay's header says about a lesson that did not happen (null when it happened): the
 * steps that never fired, when the trace tells them, else the plain fact.
 */
export function lessonNote(outcome: Pick<LessonOutcome, 'happened' | 'missing'>, lang: Lang): string | null {
  if (outcome.happened) return null;
  if (!outcome.missing.length) return rtIn(lang, 'lesson.missed');
  const steps = outcome.missing.map((m) => lessonStepText(m, lang)).join(lang === 'zh-CN' ? '；' : '; ');
  return rtIn(lang, 'lesson.missedSome', { steps });
}

/** A player's name as the page shows it: 'bot' is the engine; '' (an imported trace) stays ''. */
export function playerName(name: string | undefined, lang: Lang): string {
  if (name === undefined) return '?';
  return name === 'bot' ? rtIn(lang, 'player.bot') : name;
}

/** The units of a duration in each language: `4.2 s` / `4.2 秒`, `1 min 05 s` / `1 分 05 秒`. */
const UNITS: Record<Lang, { ms: string; s: string; min: string }> = {
  en: { ms: 'ms', s: 's', min: 'min' },
  'zh-CN': { ms: '毫秒', s: '秒', min: '分' },
};

/** How long something took, in ms, as the page prints it: `9 ms` (a bot), `4.2 s`, `23 s`, `1 min 05 s`. */
export function formatDuration(ms: number, lang: Lang = 'en'): string {
  const u = UNITS[lang];
  const d = Math.max(0, ms);
  if (d < 999.5) return `${Math.round(d)} ${u.ms}`;
  if (d < 9_950) return `${(d / 1000).toFixed(1)} ${u.s}`;
  const total = Math.round(d / 1000);
  if (total < 60) return `${total} ${u.s}`;
  return `${Math.floor(total / 60)} ${u.min} ${String(total % 60).padStart(2, '0')} ${u.s}`;
}

/** A time in ms as the page prints it: `0.289 s`, `60.5 s`, `2 min 05 s` (`0.289 秒`, `2 分 05 秒`). */
export function formatTime(ms: number, lang: Lang = 'en'): string {
  const u = UNITS[lang];
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} ${u.s}`;
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m} ${u.min} ${String(s).padStart(2, '0')} ${u.s}`;
}
