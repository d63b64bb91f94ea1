import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { ClassCodeSchema, classStats, statsCsv, type ReviewRound } from '../../shared/index';
import type { Recorder } from '../replay/recorder';

function bearer(req: Request): string | null {
  const h = req.get('authorization') ?? '';
  const m = /^Bearer\s+([A-Za-z0-9_-]{20,64})$/.exec(h.trim());
  return m ? (m[1] as string) : null;
}

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
}

export function apiRouter(recorder: Recorder, opts: ApiOptions = {}): express.Router {
  const api = express.Router();
  const classAlive = opts.classAlive ?? (async () => true);
  /** Rounds without a result are marked `interrupted` when their class no longer exists. */
  const listRounds = async (code: string) => {
    const rounds = await recorder.listRounds(code);
    const alive = rounds.some((m) => !m.result) ? await classAlive(code) : true;
    return rounds.map((m) => (m.result || alive ? m : { ...m, interrupted: true as const }));
  };
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
    const given = createHash('sha256').update(key).digest();
    if (!code.success || !record || !timingSafeEqual(given, Buffer.from(record.hostKeyHash, 'hex'))) {
      res.status(403).json({ error: 'forbidden' });
      return null;
    }
    return code.data;
  };

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
  const reviewRounds = async (code: string): Promise<ReviewRound[]> => {
    const out: ReviewRound[] = [];
    for (const m of await recorder.listRounds(code)) {
      const trace = await recorder.trace(m);
      if (!trace) continue;
      out.push({
        round: m.round, pairId: m.pairId, scenario: m.scenario, mode: m.mode, players: m.players,
        ...(m.result ? { scores: m.result.scores, finished: m.result.finished } : {}),
        trace,
      });
    }
    return out;
  };

  api.get('/classes/:code/stats', async (req, res) => {
    const code = await authorized(req, res);
    if (!code) return;
    res.json({ code, ...classStats(await reviewRounds(code)) });
  });

  api.get('/classes/:code/export.csv', async (req, res) => {
    const code = await authorized(req, res);
    if (!code) return;
    res.setHeader('Content-Disposition', `attachment; filename="synack-${code}.csv"`);
    res.type('text/csv; charset=utf-8').send(statsCsv(classStats(await reviewRounds(code))));
  });

  /** A student's own replays: `Authorization: Bearer <replayToken>` from their welcome. */
  const student = async (req: Request, res: Response) => {
    const key = bearer(req);
    if (!key) {
      res.status(401).json({ error: 'replay token required' });
      return null;
    }
    const st = await recorder.studentByToken(createHash('sha256').update(key).digest('hex'));
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
