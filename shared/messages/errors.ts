/** Error codes the server replies with, each with its text in every language. */
export const ERROR_TEXT = {
  'bad-message': { en: 'That message was not understood, so nothing changed.', 'zh-CN': '无法识别这条消息，因此没有任何改变。' },
  'unknown-message': { en: 'Unknown request; nothing changed.', 'zh-CN': '未知的请求；没有任何改变。' },
  'host-only': { en: 'Only the instructor can do that.', 'zh-CN': '只有教师可以进行此操作。' },
  'students-only': { en: 'Only a student playing an endpoint can do that.', 'zh-CN': '只有扮演端点的学生可以进行此操作。' },
  'rate-limited': { en: 'Too many messages at once: slow down a little.', 'zh-CN': '消息发送过于频繁，请稍慢一些。' },
  'flooding': { en: 'Too many messages: you have been disconnected.', 'zh-CN': '消息过多，你已被断开连接。' },
  'no-round': { en: 'No round is running for you right now.', 'zh-CN': '你当前没有正在进行的回合。' },
  'round-paused': { en: 'The round is paused; wait for the instructor.', 'zh-CN': '回合已暂停，请等待教师继续。' },
  'stale': { en: 'Something just reached your endpoint: look at it, then answer again (nothing was marked).', 'zh-CN': '刚有新内容到达你的端点：请先查看，再重新作答（本次不计分）。' },
  'prelude': { en: 'The handshake is being played for you; wait until it is done.', 'zh-CN': '系统正在替你完成三次握手，请稍候。' },
  'round-running': { en: 'A round is running: end it first.', 'zh-CN': '回合正在进行中，请先结束它。' },
  'not-enough-players': { en: 'At least one student must have joined.', 'zh-CN': '至少需要一名学生加入。' },
  'bad-pairs': { en: 'Every student must be in exactly one pair.', 'zh-CN': '每名学生必须且只能在一个小组中。' },
  'unknown-pair': { en: 'There is no such pair.', 'zh-CN': '没有这个小组。' },
  'nickname-empty': { en: 'Type a nickname (1–24 characters).', 'zh-CN': '请输入昵称（1–24 个字符）。' },
  'nickname-too-long': { en: 'That nickname is too long: at most 24 characters.', 'zh-CN': '昵称太长：最多 24 个字符。' },
  'nickname-invalid': { en: 'That nickname contains characters that cannot be shown.', 'zh-CN': '昵称包含无法显示的字符。' },
  'nickname-taken': { en: 'Someone in this class already uses that nickname: pick another.', 'zh-CN': '本班已有人使用这个昵称，请换一个。' },
  'bad-code': { en: 'There is no class with that code. Check it and try again.', 'zh-CN': '没有这个班级代码，请检查后重试。' },
  'bad-host-key': { en: 'That host key does not open this class.', 'zh-CN': '该主持密钥无法打开这个班级。' },
  'class-full': { en: 'This class is full.', 'zh-CN': '这个班级已满。' },
  'class-ended': { en: 'This class has ended.', 'zh-CN': '这个班级已经结束。' },
  'host-present': { en: 'This class already has its instructor connected.', 'zh-CN': '这个班级的教师已经在线。' },
  'too-many-attempts': { en: 'Too many wrong class codes or keys from this device: wait a minute, then try again.', 'zh-CN': '此设备输入错误的班级代码或密钥次数过多：请等待一分钟后再试。' },
  'too-many-requests': { en: 'Too many requests from this device: wait a moment, then try again.', 'zh-CN': '此设备的请求过于频繁：请稍等片刻后再试。' },
  'too-many-classes': { en: 'You already have as many classes open as one browser may: end one first (or wait a few minutes for unused ones to close).', 'zh-CN': '你已打开了一个浏览器所能打开的最多课堂数：请先结束一个（或等待几分钟，未使用的课堂会自动关闭）。' },
  'server-busy': { en: 'This server is running as many classes as it may: try again in a few minutes, or ask your school to raise MAX_CLASSES.', 'zh-CN': '这台服务器上的课堂数已达上限：请几分钟后再试，或请学校调高 MAX_CLASSES。' },
  'removed': { en: 'The instructor removed you from this class.', 'zh-CN': '老师已将你移出这个课堂。' },
  'blocked': { en: 'The instructor does not let this device or nickname join this class.', 'zh-CN': '老师不允许此设备或此昵称加入这个课堂。' },
  'unknown-student': { en: 'There is no such student in this class.', 'zh-CN': '这个课堂中没有这名学生。' },
  'bad-timers': { en: 'These timers would break the lesson; nothing changed. See why below.', 'zh-CN': '这些计时器设置会破坏本课的教学效果，设置未更改。原因见下。' },
  'forbidden-origin': { en: 'This page may not connect to this server (its address is not allowed).', 'zh-CN': '此网页不允许连接到这台服务器（其地址不在允许列表中）。' },
  // ── issue 17: concept checks ──
  'check-not-configured': { en: 'Choose the questions of the check first.', 'zh-CN': '请先选择小测的题目。' },
  'check-locked': { en: 'The check has already been opened: its questions stay the same before and after.', 'zh-CN': '小测已经开始过：前测和后测的题目必须相同，不能再更改。' },
  'check-unknown-question': { en: 'There is no such question in the question bank.', 'zh-CN': '题库中没有这道题。' },
  'check-not-now': { en: 'The pre-check opens only before the first round, the post-check only after a round.', 'zh-CN': '前测只能在第一轮之前开始，后测只能在某一轮结束之后开始。' },
  'check-done': { en: 'That check has already been run in this class.', 'zh-CN': '本班已经做过这次小测。' },
  'check-open': { en: 'A check is open: close it first.', 'zh-CN': '小测正在进行中，请先结束它。' },
  'no-check': { en: 'No check is open right now.', 'zh-CN': '当前没有正在进行的小测。' },
  'check-not-in-check': { en: 'That question is not part of this check.', 'zh-CN': '这道题不在本次小测中。' },
  'check-already-answered': { en: 'You have already answered this question: your first answer counts.', 'zh-CN': '你已经回答过这道题：以第一次的答案为准。' },
  'check-answer-out-of-range': { en: 'That answer is not one of the choices.', 'zh-CN': '这个答案不是可选的选项之一。' },
  // ── h17 ──
  'check-bank-unreadable': { en: "This class's own question bank could not be read: load the file again.", 'zh-CN': '无法读取本班自己的题库，请重新载入题库文件。' },
  // ── issue 16: teachers' own scenarios ──
  'unknown-scenario': { en: 'This class has no such scenario.', 'zh-CN': '本班没有这个场景。' },
  'bad-scenario': { en: 'The scenario has mistakes; nothing changed. See why below.', 'zh-CN': '场景中有错误，没有任何改变。原因见下。' },
  'scenario-cannot-finish': { en: 'The scenario cannot be played to its end, so it was not saved. See why below.', 'zh-CN': '这个场景无法进行到结束，因此没有保存。原因见下。' },
  'scenario-check-busy': { en: 'This class has checked many scenarios in the last minute: wait a minute, then try again.', 'zh-CN': '本班在过去一分钟内已检查了很多场景：请等待一分钟后再试。' },
  'too-many-scenarios': { en: 'This class already has as many scenarios of its own as it may (20).', 'zh-CN': '本班自己的场景数量已达上限（20 个）。' },
} as const satisfies Record<string, { en: string; 'zh-CN': string }>;

export type ErrorCode = keyof typeof ERROR_TEXT;

/** Why a nickname is refused, or the nickname as it will be shown. */
export function checkNickname(raw: unknown): { ok: true; nickname: string } | { ok: false; code: ErrorCode } {
  if (typeof raw !== 'string') return { ok: false, code: 'nickname-empty' };
  const nickname = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (nickname.length === 0) return { ok: false, code: 'nickname-empty' };
  // Control, format (bidi overrides, zero-width), private-use and default-ignorable characters
  // (fillers such as U+3164 that render as nothing) are refused.
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}\u2028\u2029]/u.test(nickname)) return { ok: false, code: 'nickname-invalid' };
  // Something must show: not only spaces, combining marks or blank patterns.
  if (nickname.replace(/[\p{M}\p{Z}\s\u2800\u3000]/gu, '').length === 0) return { ok: false, code: 'nickname-invalid' };
  if ([...nickname].length > 24) return { ok: false, code: 'nickname-too-long' };
  return { ok: true, nickname };
}

/** Two nicknames clash when they read the same ignoring case and width. */
export function nicknameKey(nickname: string): string {
  return nickname.normalize('NFKC').toLocaleLowerCase('en');
}
