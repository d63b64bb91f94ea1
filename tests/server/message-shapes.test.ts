/**
 * Every message shape is one zod schema in shared/messages, and what the real server sends fits
 * it: the synced class state field for field (server/rooms/ClassState.ts against
 * ClassSnapshotSchema), the events (each seat's every message against EVENTS, `config` included),
 * and the review API's answers (shared/messages/review-api.ts).
 */
import { Client } from 'colyseus.js';
import { afterAll, describe, expect } from 'vitest';
import type { z } from 'zod';
import { RemoteBot } from '../support/bots/remote-bot';
import { RemoteHost } from '../support/bots/remote-host';
import { ClassState, PairInfo, PlayerInfo } from '../../server/rooms/ClassState';
import {
  ApiErrorSchema, ClassSnapshotSchema, EVENTS, HealthSchema, PairSnapshotSchema, PlayerSnapshotSchema, RoundsResponseSchema, StatsResponseSchema, TraceSchema,
  type EventType, type Welcome,
} from '../../shared/index';
import { closeClass, playRound, serverTest, type ClassSetup } from './helpers';

const it = serverTest();

const keys = (o: object) => Object.keys(o).sort();
const shapeKeys = (s: z.ZodObject) => Object.keys(s.shape).sort();

describe('the synced state and its schema', () => {
  it('have the same fields, at every level', () => {
    expect(keys(new ClassState().toJSON())).toEqual(shapeKeys(ClassSnapshotSchema));
    expect(keys(new PlayerInfo().toJSON())).toEqual(shapeKeys(PlayerSnapshotSchema));
    expect(keys(new PairInfo().toJSON())).toEqual(shapeKeys(PairSnapshotSchema));
  });
});

describe('what a real class sends', () => {
  let cls: ClassSetup;
  it.beforeAll(async ({ app }) => {
    const client = new Client(app.url);
    const host = await RemoteHost.create(client, app.url);
    const bots = [
      await RemoteBot.join(client, host.code, { nickname: 'Ada', seed: 1, declareStates: true }),
      await RemoteBot.join(client, host.code, { nickname: 'Bo', seed: 2, declareStates: true, mistakes: 1 }),
    ];
    cls = { client, host, bots };
    await playRound(host, { scenario: 'handshake', mode: 'practice' });
  }, 60_000);
  afterAll(async () => {
    await closeClass(cls);
  });

  it('a synced state that parses, with nothing the schema does not know', () => {
    for (const seat of [cls.host, ...cls.bots]) {
      const plain = (seat.room.state as { toJSON(): Record<string, unknown> }).toJSON();
      const parsed = ClassSnapshotSchema.strict().safeParse(plain);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      for (const p of Object.values(plain.players as Record<string, unknown>)) expect(PlayerSnapshotSchema.strict().safeParse(p).success).toBe(true);
      for (const p of Object.values(plain.pairs as Record<string, unknown>)) expect(PairSnapshotSchema.strict().safeParse(p).success).toBe(true);
    }
  });

  it('events that each parse with their schema, config included', () => {
    const seen = new Set<string>();
    for (const seat of [cls.host, ...cls.bots]) {
      for (const { type, message, wire } of seat.inbox.messages) {
        expect(Object.keys(EVENTS), `an event type the registry does not have: ${type}`).toContain(type);
        const parsed = EVENTS[type as EventType].safeParse(message);
        expect(parsed.success, `${type}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
        seen.add(type);
        // A seat's step, or a host's dashboard of what changed, as it came over the wire, whole and
        // strict (nothing the schema does not know).
        if (wire) {
          expect(['step', 'dashboard']).toContain(wire.type);
          const whole = (wire.type === 'step' ? EVENTS.step : EVENTS.dashboard).strict().safeParse(wire.message);
          expect(whole.success, `${wire.type}: ${JSON.stringify(whole.error?.issues)}`).toBe(true);
          seen.add(wire.type === 'step' ? 'step' : 'dashboard delta');
        }
      }
    }
    for (const type of ['welcome', 'config', 'dashboard', 'roundStarted', 'seatEvent', 'verdictGiven', 'roundEnded', 'clock', 'step', 'dashboard delta']) expect(seen).toContain(type);
  });

  it('review API answers that parse with their schemas', async ({ app }) => {
    const get = async (path: string, key?: string) => {
      const res = await fetch(`${app.url}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const { code, hostKey } = cls.host;
    expect(HealthSchema.parse((await get('/api/health')).body)).toEqual({ ok: true });
    const rounds = RoundsResponseSchema.strict().parse((await get(`/api/classes/${code}/rounds`, hostKey)).body);
    expect(rounds.rounds.length).toBe(1);
    expect(TraceSchema.safeParse((await get(`/api/classes/${code}/rounds/1/pairs/${rounds.rounds[0]!.pairId}/trace`, hostKey)).body).success).toBe(true);
    const stats = StatsResponseSchema.strict().parse((await get(`/api/classes/${code}/stats`, hostKey)).body);
    expect(stats.students.length).toBe(2);
    const token = (cls.bots[0]!.inbox.all<Welcome>('welcome')[0] as Welcome).replayToken as string;
    const mine = RoundsResponseSchema.strict().parse((await get('/api/my/rounds', token)).body);
    expect(mine.nickname).toBe('Ada');
    for (const refused of [await get(`/api/classes/${code}/rounds`), await get(`/api/classes/${code}/rounds`, 'x'.repeat(32)), await get('/api/nothing-here')]) {
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(ApiErrorSchema.safeParse(refused.body).success, JSON.stringify(refused.body)).toBe(true);
    }
  });
});
