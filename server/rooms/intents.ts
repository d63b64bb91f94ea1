import type { z } from 'zod';
import { FLAGS, HOST_INTENTS, TCP_STATES, type DeclareStateSchema, type ErrorCode, type Flag, type IntentType, type PlayerAnswer, type SendSegmentSchema, type TcpState } from '../../shared/index';

/**
 * The intents as the class model takes them: which phase allows which (the phase table), who may
 * send each, and a student's answer as the play reads it. Data and pure functions; lesson.ts
 * asks them, ClassRoom.ts routes by them.
 */

export type Phase = 'lobby' | 'running' | 'paused' | 'ended';

/** Intents a host may send in every phase. */
const ANY_TIME = ['configureRound', 'endClass', 'injectFault', 'watchPair', 'removeStudent', 'renameStudent', 'addScenario'] as const satisfies readonly IntentType[];
/** Intents of a round being played (running or paused). */
const PLAYING = ['endRound', 'handToBot', 'sendSegment', 'declareState'] as const satisfies readonly IntentType[];
/** Concept checks (issue 17): run and answered in the lobby only, never during a round. */
const CHECKS = ['configureCheck', 'openCheck', 'closeCheck', 'answerCheck'] as const satisfies readonly IntentType[];

/**
 * What each phase allows. `live`: a round is being played. An intent a phase does not allow is
 * refused with the phase's code for it, else NOT_NOW's, else 'no-round'; nothing changes.
 */
export const PHASES: Record<Phase, { live: boolean; allows: readonly IntentType[]; refuses?: Partial<Record<IntentType, ErrorCode>> }> = {
  lobby: { live: false, allows: [...ANY_TIME, ...CHECKS, 'startRound', 'setPairs'] },
  running: { live: true, allows: [...ANY_TIME, ...PLAYING, 'pauseRound'] },
  paused: { live: true, allows: [...ANY_TIME, ...PLAYING, 'resumeRound'] },
  ended: { live: false, allows: [...ANY_TIME, 'setPairs'], refuses: { startRound: 'class-ended', configureCheck: 'class-ended', openCheck: 'class-ended', closeCheck: 'class-ended', answerCheck: 'class-ended' } },
};

const NOT_NOW: Partial<Record<IntentType, ErrorCode>> = {
  startRound: 'round-running', setPairs: 'round-running', handToBot: 'unknown-pair',
  configureCheck: 'round-running', openCheck: 'round-running', closeCheck: 'no-check', answerCheck: 'no-check',
};

/** Why `intent` is refused in `phase`, or null when the phase allows it. */
export function refusalIn(phase: Phase, intent: IntentType): ErrorCode | null {
  const p = PHASES[phase];
  return p.allows.includes(intent) ? null : (p.refuses?.[intent] ?? NOT_NOW[intent] ?? 'no-round');
}

/** Who may send an intent (shared/messages HOST_INTENTS; every other intent is a student's). */
export function roleOf(intent: IntentType): 'host' | 'student' {
  return HOST_INTENTS.includes(intent) ? 'host' : 'student';
}

/**
 * The one copy of each flag and state name. A decoded message brings its own copy of every string,
 * and the round keeps the segments and states it is given for as long as it lasts: at 3,000 students
 * there were 14,879 strings "ACK" in the server's heap.
 */
const FLAG_NAME = Object.fromEntries(FLAGS.map((f) => [f, f])) as Record<Flag, Flag>;
const STATE_NAME = Object.fromEntries(TCP_STATES.map((s) => [s, s])) as Record<TcpState, TcpState>;

/** A student's intent as the play's answer (its names the server's own strings). */
export function answerOf(d: z.output<typeof SendSegmentSchema> | z.output<typeof DeclareStateSchema>): PlayerAnswer {
  const seen = d.seen !== undefined ? { seen: d.seen } : {};
  if (!('flags' in d)) return { kind: 'declare', state: STATE_NAME[d.state], ...seen };
  const segment = { flags: d.flags.map((f) => FLAG_NAME[f]), seq: d.seq, ack: d.ack, len: d.len };
  return { kind: 'send', segment, ...(d.state ? { state: STATE_NAME[d.state] } : {}), ...seen, ...(d.peer !== undefined ? { peer: d.peer } : {}) };
}
