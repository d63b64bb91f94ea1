/**
 * Issue 17: a teacher's own concept bank in class checks. The host loads a bank file over the
 * HTTP API (`PUT /api/classes/:code/check-bank`); bad files are refused with every problem in both
 * languages and change nothing; the class's checks then draw from that bank, with real colyseus.js
 * students, and no student receives an answer before it answered and the check closed. The
 * questions are stored with the check: after a restart the review API (JSON and CSV) still words
 * them, and marks the ones about the rules the class got wrong most in play.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../server/app';
import { SqliteRecorder } from '../../server/replay/sqlite';
import {
  BANK_LIMITS, BankRefusalSchema, CheckBankResponseSchema, correctAnswer, FIRST_BANK, StatsResponseSchema, validateBank,
  type CheckOpened, type Question,
} from '../../shared/index';
import { answerCheck, checkHost, closedFor, openedFor } from '../support/bots/check-answers';
import { HANDSHAKE_RULES, MINE, OURS, UNBROKEN_RULE } from '../support/own-bank';
import { RefusedError } from '../support/bots/remote-host';
import { closeClass, FAST, openClass, startTestServer, until } from './helpers';
import { checkConceptSecrets } from './secrets-check';

const dir = mkdtempSync(join(tmpdir(), 'synack-bank-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHOSEN = MINE.slice(0, 5);
const IDS = CHOSEN.map((q) => q.id);

const bankUrl = (app: RunningApp, code: string) => `${app.url}/api/classes/${code}/check-bank`;
const put = (app: RunningApp, code: string, key: string, body: string) =>
  fetch(bankUrl(app, code), { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
const getBank = async (app: RunningApp, code: string, key: string) => CheckBankResponseSchema.parse(await (await fetch(bankUrl(app, code), { headers: { authorization: `Bearer ${key}` } })).json());

async function refused(res: Response): Promise<{ status: number; en: string[]; zh: string[] }> {
  const body = BankRefusalSchema.parse(await res.json());
  return { status: res.status, en: body.errors.map((e) => e.en), zh: body.errors.map((e) => e['zh-CN']) };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    if (e instanceof RefusedError) return e.event.code;
    throw e;
  }
}

describe('a teacher\'s own bank in class checks (issue 17)', () => {
  it('refuses bad files with clear words in both languages and changes nothing; then the class\'s checks draw from the good one, and the review still words its questions after a restart', async () => {
    const file = join(dir, 'synack.db');
    let app = await startTestServer({ recorder: new SqliteRecorder(file) });
    const c = await openClass(app, 2);
    const { host, bots } = c;
    const code = host.code;
    const firstIds = new Set((validateBank(FIRST_BANK) as { ok: true; bank: { questions: Question[] } }).bank.questions.map((q) => q.id));
    try {
      // The first bank until the teacher loads one.
      const before = await getBank(app, code, host.hostKey);
      expect(before.own).toBe(false);
      expect(before.questions.every((q) => firstIds.has(q.id))).toBe(true);

      // Bad files: each refused, every problem in English and Chinese, the bank unchanged.
      const notJson = await refused(await put(app, code, host.hostKey, '{ "version": 1, '));
      expect(notJson).toEqual({ status: 400, en: ['The file is not valid JSON.'], zh: ['文件不是有效的 JSON。'] });
      const noChinese = structuredClone(OURS) as { questions: { prompt: Record<string, string> }[] };
      delete noChinese.questions[1]?.prompt['zh-CN'];
      const missing = await refused(await put(app, code, host.hostKey, JSON.stringify(noChinese)));
      expect(missing.status).toBe(400);
      expect(missing.en).toEqual(['Question 2 ("ours-ack-of-syn"), prompt.zh-CN: is missing']);
      expect(missing.zh[0]).toContain('第 2 题');
      const few = await refused(await put(app, code, host.hostKey, JSON.stringify({ ...OURS, questions: OURS.questions.slice(0, 4) })));
      expect(few.status).toBe(400);
      expect(few.en[0]).toContain('at least 5 questions (this one has 4)');
      expect(few.zh[0]).toContain('至少需要 5 道题');
      // Too many characters (under the byte limit): refused by the parser; too many bytes: before it reads them.
      const long = await refused(await put(app, code, host.hostKey, ' '.repeat(BANK_LIMITS.fileChars + 1)));
      expect(long.en[0]).toMatch(/too large/);
      const huge = await refused(await put(app, code, host.hostKey, '题'.repeat(BANK_LIMITS.fileChars + 10)));
      expect(huge.status).toBe(413);
      expect(huge.zh[0]).toContain('文件过大');
      // Only the class's host: no key, a wrong key.
      expect((await fetch(bankUrl(app, code), { method: 'PUT', body: JSON.stringify(OURS) })).status).toBe(401);
      expect((await put(app, code, `${host.hostKey.slice(0, -1)}${host.hostKey.endsWith('A') ? 'B' : 'A'}`, JSON.stringify(OURS))).status).toBe(403);
      // A student's replay token is no host key: it can neither read nor change the class's bank.
      const token = bots[0]!.inbox.all<{ replayToken?: string }>('welcome').at(-1)?.replayToken ?? '';
      expect(token).not.toBe('');
      expect((await fetch(bankUrl(app, code), { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
      expect((await put(app, code, token, JSON.stringify(OURS))).status).toBe(403);
      expect((await getBank(app, code, host.hostKey)).own).toBe(false);
      const drawn = await checkHost.configure(host, { random: 5 });
      expect(drawn.questions.every((q) => firstIds.has(q.id))).toBe(true);

      // The good file: stored, and shown to the host without its answers.
      const loaded = await put(app, code, host.hostKey, JSON.stringify(OURS, null, 2));
      expect(loaded.status).toBe(200);
      const mine = CheckBankResponseSchema.parse(await loaded.json());
      expect(mine).toMatchObject({ own: true, title: OURS.title });
      expect(mine.questions.map((q) => q.id)).toEqual(MINE.map((q) => q.id));
      expect(JSON.stringify(mine)).not.toMatch(/"(correct|answer|explanation)"/);
      expect((await getBank(app, code, host.hostKey)).questions).toEqual(mine.questions);

      // The class's check now draws from it: chosen by hand, or at random; a first-bank id is unknown.
      expect(await refusal(checkHost.configure(host, { questions: [...IDS.slice(0, 4), [...firstIds][0]] }))).toBe('check-unknown-question');
      const random = await checkHost.configure(host, { random: 6 });
      expect(random.questions.map((q) => q.id).sort()).toEqual(MINE.map((q) => q.id).sort());
      const configured = await checkHost.configure(host, { questions: IDS });
      expect(configured.questions.map((q) => q.id)).toEqual(IDS);
      await checkHost.open(host, 'pre');
      await until(() => bots.every((b) => openedFor(b)?.stage === 'pre'), 'every student has the pre-check');
      expect((openedFor(bots[0]!) as CheckOpened).questions.find((q) => q.id === 'ours-three')?.prompt).toEqual(CHOSEN[4]?.prompt);
      // Once a check has opened, the bank stays: refused, unchanged.
      const locked = await refused(await put(app, code, host.hostKey, JSON.stringify(FIRST_BANK)));
      expect(locked.status).toBe(409);
      expect(locked.zh[0]).toContain('不能再更换题库');
      expect((await getBank(app, code, host.hostKey)).questions).toEqual(mine.questions);

      // Pre: student 0 gets everything wrong, student 1 the first two right.
      const wrong = (q: Question) => (q.kind === 'multiple-choice' ? (correctAnswer(q) + 1) % q.options.length : correctAnswer(q) + 1);
      for (const q of CHOSEN) await answerCheck(bots[0]!, q.id, wrong(q));
      for (const [i, q] of CHOSEN.entries()) await answerCheck(bots[1]!, q.id, i < 2 ? correctAnswer(q) : wrong(q));
      await checkHost.close(host, 'pre');
      expect((await closedFor(bots[1]!, 'pre')).result?.score).toBe(2);

      // A round in which both students make mistakes in the handshake.
      for (const b of bots) b.addMistakes(1);
      await host.configureRound({ ...FAST, scenario: 'handshake', mode: 'practice' });
      const started = await host.startRound();
      await host.waitAllFinished(started.round, 30_000);
      await host.endRound();

      // Post: both get everything right.
      await checkHost.open(host, 'post');
      await until(() => bots.every((b) => openedFor(b)?.stage === 'post'), 'every student has the post-check');
      for (const b of bots) for (const q of CHOSEN) await answerCheck(b, q.id, correctAnswer(q));
      await checkHost.close(host, 'post');
      // No student received an answer or an explanation of the teacher's bank before it answered and the check closed.
      for (const b of bots) checkConceptSecrets(b, MINE);
    } finally {
      await closeClass(c);
      await app.close();
    }

    // A restart: the review reads the check's questions from the store, as they were run.
    app = await startApp({ port: 0, host: '127.0.0.1', log: () => undefined, recorder: new SqliteRecorder(file) });
    try {
      const auth = { headers: { authorization: `Bearer ${host.hostKey}` } };
      const stats = StatsResponseSchema.parse(await (await fetch(`${app.url}/api/classes/${code}/stats`, auth)).json());
      const k = stats.concepts;
      if (!k) throw new Error('no concepts after the restart');
      expect(k.questions).toEqual(IDS);
      expect(k.shares.map((s) => s.prompt)).toEqual(CHOSEN.map((q) => q.prompt));
      expect(k.shares.map((s) => [s.pre, s.post])).toEqual([[0.5, 1], [0.5, 1], [0, 1], [0, 1], [0, 1]]);
      expect(k.g).toBeCloseTo(1, 3);
      // The rules the class got wrong most: the handshake mistakes are among them, the unbroken rule is not.
      const top = stats.mistakesByRule.slice(0, 5).map((m) => m.rule);
      expect(top.some((r) => HANDSHAKE_RULES.includes(r)), JSON.stringify(stats.mistakesByRule)).toBe(true);
      expect(top).not.toContain(UNBROKEN_RULE);
      expect(k.missed).toEqual(['ours-syn-flags', 'ours-ack-of-syn']);
      // The CSV: one row per question, its shares and whether it is about a rule the class got wrong most.
      const csv = (await (await fetch(`${app.url}/api/classes/${code}/export.csv`, auth)).text()).replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(csv[0]?.split(',').slice(-4)).toEqual(['check_pre', 'check_post', 'check_g', 'check_missed']);
      const rows = csv.filter((l) => l.split(',')[1] === 'check-question').map((l) => l.split(','));
      expect(rows.map((r) => [r[0], r.at(-4), r.at(-3), r.at(-1)])).toEqual([
        ['ours-syn-flags', '0.500', '1.000', 'yes'], ['ours-ack-of-syn', '0.500', '1.000', 'yes'], ['ours-wait', '0.000', '1.000', 'no'],
        ['ours-fin-counts', '0.000', '1.000', 'no'], ['ours-three', '0.000', '1.000', 'no'],
      ]);
      expect(rows[0]?.[9]).toBe(HANDSHAKE_RULES.join(' '));
    } finally {
      await app.close();
    }
  });
});
