import express, { type Request, type Response } from 'express';
import {
  BANK_LIMITS, BANK_LOCKED, bankTooLarge, ClassCodeSchema, classBankProblems, conceptReport, FIRST_BANK, parseBank, replayTokenExpired, statsCsv, statsOfSummaries, studentQuestion,
  summarizeRound, validateBank, type BankError, type CheckBankResponse, type ClassStats, type LocalText, type Question, type RoundSummary,
} from '../../shared/index';
import type { Recorder } from '../replay/recorder';
import type { JoinAddress } from './addresses';
import { Bucket, type BucketRule } from './bucket';
import { hashKey, keyMatches } from './key-hash';

/** The bearer key of a request: a host key, or a replay token (which may end in `.<expiry>`). */
function bearer(req: Request): string | null {
  const h = req.get('authorization') ?? '';
  const m = /^Bearer\s+([A-Za-z0-9_-]{20,64}(?:\.[0-9a-z]{1,10})?)$/.exec(h.trim());
  return m ? (m[1] as string) : null;
}

export { newReplayToken, replayTokenExpired } from '../../shared/messages/replay-token';

export interface ApiLimits {
  /** Requests per key (host key or replay token) and, for requests without one, per address. */
  perKey: BucketRule;
  /** How long a class's round list may be reused, ms (everyone asking in that time shares one read). */
  listTtlMs: number;
}

export const API_LIMITS: ApiLimits = { perKey: { burst: 20, perSecond: 4 }, listTtlMs: 1000 };

/**
 * The review API (README "HTTP API"). Every class route needs the class's host key as
 * `Authorization: Bearer KEY`: no key → 401, a wrong key or an unknown class → 403, and nothing
 * else is said.
 */
export interface ApiOptions {
  /**
   * Whether the class is alive in some process (default: yes). A round without a result in a class
   * that is gone was cut short by a crash: it is over, not being played.
   */
  classAlive?: (code: string) => Promise<boolean>;
  limits?: Partial<ApiLimits>;
  now?: () => number;
  /** The URLs students can open the game at, best first (server/http/addresses.ts); default: none known. */
  addresses?: () => JoinAddress[];
}

export function apiRouter(recorder: Recorder, opts: ApiOptions = {}): express.Router {
  const api = express.Router();
  const classAlive = opts.classAlive ?? (async () => true);
  const limits = { ...API_LIMITS, ...opts.limits };
  const now = opts.now ?? (() => Date.now());
  /** Rounds without a result are marked `interrupted` when their class no longer exists. */
  const readRounds = async (code: string) => {
    const rounds = await recorder.listRounds(code);
    const alive = rounds.some((m) => !m.result) ? await classAlive(code) : true;
    return rounds.map((m) => (m.result || alive ? m : { ...m, interrupted: true as const }));
  };
  // One read of a class's round list serves everyone who asks within `listTtlMs` (the store is on
  // the game's event loop: SQLite answers synchronously).
  const lists = new Map<string, { at: number; value: Promise<Awaited<ReturnType<typeof readRounds>>> }>();
  const listRounds = (code: string) => {
    const hit = lists.get(code);
    if (hit && now() - hit.at < limits.listTtlMs) return hit.value;
    const value = readRounds(code);
    lists.set(code, { at: now(), value });
    value.catch(() => lists.delete(code));
    if (lists.size > 1000) lists.delete(lists.keys().next().value as string);
    return value;
  };
  // Statistics and the gradebook are of rounds that are over. Judging a round again (checkTrace) is
  // the costly part: each round's summary is kept once made, so a new round costs only itself; the
  // first statistics of a large class are made in slices of a few milliseconds, letting the game's
  // messages through between them; and the class's result is kept per set of rounds that are over.
  const summaries = new Map<string, RoundSummary>();
  const statsCache = new Map<string, { over: string; value: Promise<ClassStats> }>();
  const summarize = async (code: string, over: Awaited<ReturnType<typeof listRounds>>): Promise<ClassStats> => {
    const out: RoundSummary[] = [];
    let slice = performance.now();
    for (const m of over) {
      const key = `${code}/${m.round}/${m.pairId}/${m.events}`;
      let s = summaries.get(key);
      if (!s) {
        const trace = await recorder.trace(m);
        if (!trace) continue;
        s = summarizeRound({
          round: m.round, pairId: m.pairId, scenario: m.scenario, mode: m.mode, players: m.players, playerIds: m.playerIds,
          ...(m.result ? { scores: m.result.scores, finished: m.result.finished } : {}),
          // The lesson as the round saw it; a round stored before `lesson` existed is read from its trace.
          ...(typeof m.result?.lesson === 'boolean' ? { lesson: m.result.lesson } : {}),
          trace,
        });
        summaries.set(key, s);
        if (summaries.size > 100_000) summaries.delete(summaries.keys().next().value as string);
      }
      out.push(s);
      if (performance.now() - slice > 8) {
        await new Promise<void>((r) => setImmediate(r));
        slice = performance.now();
      }
    }
    return statsOfSummaries(out);
  };
  const statsOf = async (code: string): Promise<ClassStats> => {
    const over = (await listRounds(code)).filter(isOver);
    const signature = over.map((m) => `${m.round}/${m.pairId}/${m.events}`).join(',');
    const hit = statsCache.get(code);
    if (hit && hit.over === signature) return hit.value;
    const value = summarize(code, over);
    statsCache.set(code, { over: signature, value });
    value.catch(() => statsCache.delete(code));
    if (statsCache.size > 200) statsCache.delete(statsCache.keys().next().value as string);
    return value;
  };
  // Every request counts against its key (host key or replay token) or, without one, its address.
  const buckets = new Map<string, Bucket>();
  api.use((req, res, next) => {
    if (req.path === '/health') return next();
    const who = bearer(req) ?? `addr:${req.socket.remoteAddress ?? ''}`;
    // Kept by its hash: the map never holds a key itself.
    const key = hashKey(who);
    let b = buckets.get(key);
    if (!b) {
      b = new Bucket(limits.perKey, now());
      buckets.set(key, b);
      if (buckets.size > 50_000) buckets.delete(buckets.keys().next().value as string);
    }
    if (b.take(now())) return next();
    res.setHeader('Retry-After', String(b.retryAfter()));
    res.status(429).json({ error: 'too many requests' });
  });
  /** Over: ended with a result, or cut short by a crash. */
  const isOver = (m: { result?: unknown; interrupted?: true }) => m.result !== undefined || m.interrupted === true;
  api.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  const authorized = async (req: Request, res: Response): Promise<string | null> => {
    const key = bearer(req);
    if (!key) {
      res.status(401).json({ error: 'host key required' });
      return null;
    }
    const code = ClassCodeSchema.safeParse(req.params.code);
    const record = code.success ? await recorder.getClass(code.data) : undefined;
    if (!code.success || !record || !keyMatches(key, record.hostKeyHash)) {
      res.status(403).json({ error: 'forbidden' });
      return null;
    }
    return code.data;
  };

  // The join link's addresses: for the class's host only (they name the server's addresses on its
  // networks, which a stranger reaching it through PUBLIC_URL need not learn).
  api.get('/classes/:code/addresses', async (req, res) => {
    const code = await authorized(req, res);
    if (!code) return;
    const urls = opts.addresses?.() ?? [];
    if (urls.length === 0) {
      res.status(404).json({ error: 'no address known' });
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json({ urls });
  });

  api.get('/classes/:code/rounds', async (req, res) => {
    const code = await authorized(req, res);
    if (!code) return;
    res.json({ code, rounds: await listRounds(code) });
  });

  api.get('/classes/:code/rounds/:round/pairs/:pairId/trace', async (req, res) => {
    const code = await authorized(req, res);
    if (!code) return;
    const round = Number(req.params.round);
    const pairId = String(req.params.pairId);
    const trace = Number.isInteger(round) && /^pair\d{1,4}$/.test(pairId) ? await recorder.trace({ code, round, pairId }) : undefined;
    if (!trace) {
      res.status(404).json({ error: 'no such round' });
      return;
    }
    res.setHeader('Content-Disposition', `attachment; filename="${code}-round${round}-${pairId}.json"`);
    res.json(trace);
  });
  /** The class's concept checks (issue 17): scores, Hake's g, shares per question; null when it ran none. */
  const conceptsOf = async (code: string, stats: ClassStats) => {
    const stored = await recorder.checks(code);
    return conceptReport(stored.checks, stored.answers, stats.mistakesByRule);
  };

  // A class's own concept-check bank (issue 17): the teacher loads a bank file from the host page;
  // it is checked whole (parseBank, and enough questions for a check) and stored only when good,
  // so a bad file changes nothing; the room draws the class's checks from it (rooms/checks.ts).
  // Not once a check has opened: the same questions before and after.
  const bankReply = (bank: { title: LocalText; questions: readonly Question[] }, own: boolean, loadedAt?: string): CheckBankResponse => ({
    own,
    title: { ...bank.title },
    questions: bank.questions.map(studentQuestion),
    ...(loadedAt ? { loadedAt } : {}),
  });
  const refuseBank = (res: Response, status: number, error: string, errors: BankError[]) => void res.status(status).json({ error, errors });
  /** A body of at most the bank's character limit in UTF-8 (3 bytes a character at most), read as text whatever its type. */
  const bankBody = express.text({ type: () => true, limit: BANK_LIMITS.fileChars * 3 });

  api.get('/classes/:code/check-bank', async (req, res) => {
    const code = await authorized(req, res);
    if (!code) return;
    const stored = await recorder.checkBank(code);
    const r = stored ? validateBank(stored.bank) : null;
    res.setHeader('Cache-Control', 'no-store');
    if (r?.ok && stored) res.json(bankReply(r.bank, true, stored.loadedAt));
    else res.json(bankReply(validFirstBank(), false));
  });

  api.put('/classes/:code/check-bank', async (req, res) => {
    const code = await authorized(req, res);
    if (!code) return;
    const body = await new Promise<{ ok: true } | { ok: false; tooLarge: boolean }>((resolve) => {
      bankBody(req, res, (e?: unknown) => resolve(e ? { ok: false, tooLarge: (e as { type?: string }).type === 'entity.too.large' } : { ok: true }));
    });
    if (!body.ok) {
      refuseBank(res, body.tooLarge ? 413 : 400, body.tooLarge ? 'file too large' : 'unreadable body', [body.tooLarge ? bankTooLarge() : { path: '', en: 'The file could not be read.', 'zh-CN': '无法读取该文件。' }]);
      return;
    }
    const parsed = parseBank(typeof req.body === 'string' ? req.body : '');
    if (!parsed.ok) return refuseBank(res, 400, 'bad bank', parsed.errors);
    const few = classBankProblems(parsed.bank.questions);
    if (few.length > 0) return refuseBank(res, 400, 'bad bank', few);
    if ((await recorder.checks(code)).checks.length > 0) return refuseBank(res, 409, 'check already opened', [BANK_LOCKED]);
    const loadedAt = new Date(now()).toISOString();
    await recorder.setCheckBank(code, parsed.bank, loadedAt);
    res.json(bankReply(parsed.bank, true, loadedAt));
  });

  api.get('/classes/:code/stats', async (req, res) => {
    const code = await authorized(req, res);
    if (!code) return;
    const stats = await statsOf(code);
    res.json({ code, ...stats, concepts: await conceptsOf(code, stats) });
  });

  api.get('/classes/:code/export.csv', async (req, res) => {
    const code = await authorized(req, res);
    if (!code) return;
    res.setHeader('Content-Disposition', `attachment; filename="synack-${code}.csv"`);
    const stats = await statsOf(code);
    res.type('text/csv; charset=utf-8').send(statsCsv(stats, await conceptsOf(code, stats)));
  });

  /** A student's own replays: `Authorization: Bearer <replayToken>` from their welcome. */
  const student = async (req: Request, res: Response) => {
    const key = bearer(req);
    if (!key) {
      res.status(401).json({ error: 'replay token required' });
      return null;
    }
    if (replayTokenExpired(key, now())) {
      res.status(401).json({ error: 'replay token expired' });
      return null;
    }
    const st = await recorder.studentByToken(hashKey(key));
    if (!st) res.status(403).json({ error: 'forbidden' });
    return st ?? null;
  };

  api.get('/my/rounds', async (req, res) => {
    const st = await student(req, res);
    if (!st) return;
    // A round still being played keeps its seed (it decides the network's coming fates) to the server.
    const rounds = (await listRounds(st.code))
      .filter((m) => m.playerIds.client === st.playerId || m.playerIds.server === st.playerId)
      .map(({ seed, ...m }) => (isOver(m) ? { ...m, seed } : m));
    res.json({ code: st.code, nickname: st.nickname, rounds });
  });

  api.get('/my/rounds/:round/pairs/:pairId/trace', async (req, res) => {
    const st = await student(req, res);
    if (!st) return;
    const key = { code: st.code, round: Number(req.params.round), pairId: String(req.params.pairId) };
    const mine = (await listRounds(st.code)).find((m) => m.round === key.round && m.pairId === key.pairId && (m.playerIds.client === st.playerId || m.playerIds.server === st.playerId));
    // Not while it is played: the trace holds what the seat was not shown (the partner's refused
    // attempts) and the seed of the fates to come. The host may watch; a student reviews after
    // (or once a crash has ended the class: `interrupted`).
    if (mine && !isOver(mine)) {
      res.status(409).json({ error: 'the round is still being played' });
      return;
    }
    const trace = mine ? await recorder.trace(key) : undefined;
    if (!trace) {
      res.status(mine ? 404 : 403).json({ error: mine ? 'no such round' : 'forbidden' });
      return;
    }
    res.json(trace);
  });

  api.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  return api;
}

/** The first bank, validated once (it is the default of every class). */
let firstBank: { title: LocalText; questions: Question[] } | null = null;
function validFirstBank(): { title: LocalText; questions: Question[] } {
  if (!firstBank) {
    const r = validateBank(FIRST_BANK);
    if (!r.ok) throw new Error('the first concept bank does not validate');
    firstBank = r.bank;
  }
  return firstBank;
}
