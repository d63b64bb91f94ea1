import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { ClassCodeSchema } from '../../shared/index';
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
export function apiRouter(recorder: Recorder): express.Router {
  const api = express.Router();
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
    res.json({ code, rounds: await recorder.listRounds(code) });
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
  api.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  return api;
}
