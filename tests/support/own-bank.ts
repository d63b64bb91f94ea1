import { validateBank, type BankInput, type Question } from '../../shared/index';

/**
 * A teacher's own concept bank for tests (issue 17): six questions in both languages, none of them
 * in the first bank, two of them about the rules a deliberate mistake in the handshake breaks.
 */

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });
// Rules a deliberate mistake in the handshake breaks (tests/support/bots/mistakes.ts: a SYN that
// gains an ACK, a SYN+ACK whose ack is one off), and one nobody breaks in a plain handshake.
export const HANDSHAKE_RULES = ['flags.first-syn-no-ack', 'ack.must-acknowledge-syn'];
export const UNBROKEN_RULE = 'flags.abort-sends-rst';

/** A teacher's bank of six questions, none of them in the first bank. */
export const OURS: BankInput = {
  version: 1,
  title: L('Our class bank', '我们班的题库'),
  questions: [
    { id: 'ours-syn-flags', kind: 'multiple-choice', prompt: L('Which flags does the very first segment carry?', '第一个报文段带有哪些标志？'), options: [{ text: L('SYN', 'SYN'), correct: true }, { text: L('SYN and ACK', 'SYN 和 ACK') }, { text: L('ACK', 'ACK') }], explanation: L('Nothing to acknowledge yet.', '此时还没有可确认的内容。'), rules: HANDSHAKE_RULES },
    { id: 'ours-ack-of-syn', kind: 'numeric', prompt: L('A SYN has seq 100. What ack answers it?', '一个 SYN 的序号是 100，确认号应为多少？'), answer: 101, explanation: L('A SYN counts for one.', 'SYN 占一个序号。'), rules: HANDSHAKE_RULES },
    { id: 'ours-wait', kind: 'multiple-choice', prompt: L('Who waits in TIME_WAIT?', '谁会在 TIME_WAIT 中等待？'), options: [{ text: L('The active closer', '主动关闭的一方'), correct: true }, { text: L('The passive closer', '被动关闭的一方') }], explanation: L('It sent the last ACK.', '它发出了最后一个 ACK。'), rules: [UNBROKEN_RULE] },
    { id: 'ours-fin-counts', kind: 'numeric', prompt: L('A FIN has seq 500. What ack answers it?', '一个 FIN 的序号是 500，确认号应为多少？'), answer: 501, explanation: L('A FIN counts for one.', 'FIN 也占一个序号。'), scenario: 'close' },
    { id: 'ours-three', kind: 'multiple-choice', prompt: L('How many segments open a connection?', '建立一个连接需要几个报文段？'), options: [{ text: L('Two', '两个') }, { text: L('Three', '三个'), correct: true }, { text: L('Four', '四个') }], explanation: L('Each side’s SYN is acknowledged.', '双方的 SYN 都需要被确认。'), scenario: 'handshake' },
    { id: 'ours-rst', kind: 'multiple-choice', prompt: L('What does RST do?', 'RST 有什么作用？'), options: [{ text: L('Aborts the connection', '立即中止连接'), correct: true }, { text: L('Opens it again', '重新打开连接') }], explanation: L('No waiting.', '不需要等待。'), scenario: 'handshake' },
  ],
};
export const MINE: Question[] = (() => {
  const r = validateBank(OURS);
  if (!r.ok) throw new Error(`the test's bank does not validate: ${r.errors[0]?.en}`);
  return r.bank.questions;
})();
