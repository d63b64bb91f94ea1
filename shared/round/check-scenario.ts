import { SIDES, type Side } from '../tcp/types';
import { ROUND_DEFAULTS } from './defaults';
import { simulatePeople, type PeopleResult } from './people';
import type { RoundSettings } from './round';
import type { Scenario, ScriptedCall, Trigger } from './scenarios';
import type { ScenarioText } from './scenario-file';

/*
 * Whether a scenario can be played to its end (issue 16): a person plays each seat in turn against
 * the bot, at the pace of people, in virtual time (people.ts), over many seeds. Every run must end
 * by itself with the lesson happened; otherwise the result says which step never happened — the
 * scripted call whose trigger never came true, the goal state not reached, the held segment never
 * released, the lesson step that never fired — in English and Chinese.
 */

export interface ScenarioCheckOptions {
  /** The round's settings (default: a class's defaults, practice mode). */
  settings?: RoundSettings;
  /** Think time of the person, wall ms (default 3–40 s). */
  thinkMs?: [number, number];
  /** A run that has not ended after this much virtual wall time is stuck (default 20 min: a class period holds a few rounds). */
  maxWallMs?: number;
  /** Asked between runs: true stops the check, which then fails (the caller bounds its real time). */
  stop?: () => boolean;
}

/** Why runs did not finish: one entry per distinct reason, with how many runs it explains. */
export interface CheckReason extends ScenarioText {
  runs: number;
  /** The first run it happened in. */
  example: { seat: Side; seed: number };
}

export interface ScenarioCheck {
  ok: boolean;
  runs: number;
  finished: number;
  /** The check was stopped (`stop`) before every run was played. */
  stopped: boolean;
  reasons: CheckReason[];
  /** The longest run, virtual wall minutes. */
  longestMinutes: number;
}

/** The settings a scenario is checked under when none are given: a class's defaults. */
export function checkSettings(mode: 'practice' | 'assessment' = 'practice'): RoundSettings {
  return { mode, net: { ...ROUND_DEFAULTS.net }, rtoMs: ROUND_DEFAULTS.rtoMs, mslMs: ROUND_DEFAULTS.mslMs, backoff: ROUND_DEFAULTS.backoff };
}

/**
 * Play `scenario` `seeds` times with a person in each seat against the bot (2 × seeds runs).
 * Pure and deterministic for the same arguments (and `stop`).
 */
export function checkScenario(scenario: Scenario, seeds = 50, opts: ScenarioCheckOptions = {}): ScenarioCheck {
  const runs = scenarioCheckRuns(scenario, seeds, opts);
  for (;;) {
    const r = runs.next();
    if (r.done) return r.value;
  }
}

/**
 * The same check one run at a time: the generator yields after each run and returns the result, so
 * a server can play a few runs, let other work through, and go on (a check is up to 100 rounds).
 */
export function* scenarioCheckRuns(scenario: Scenario, seeds = 50, opts: ScenarioCheckOptions = {}): Generator<void, ScenarioCheck, void> {
  const settings = opts.settings ?? checkSettings();
  const thinkMs = opts.thinkMs ?? [3_000, 40_000];
  const maxWallMs = opts.maxWallMs ?? 20 * 60_000;
  const reasons = new Map<string, CheckReason>();
  let runs = 0;
  let finished = 0;
  let stopped = false;
  let longest = 0;
  outer: for (let seed = 1; seed <= seeds; seed++) {
    for (const seat of SIDES) {
      if (opts.stop?.()) {
        stopped = true;
        break outer;
      }
      const humans: Record<Side, boolean> = { client: seat === 'client', server: seat === 'server' };
      const r = simulatePeople(scenario, settings, seed * 7919 + (seat === 'server' ? 1 : 0), {
        humans, thinkMs, wrongRate: 0.25, seed: seed * 31, maxWallMs,
      });
      runs += 1;
      longest = Math.max(longest, r.wallMs);
      yield;
      const why = whyUnfinished(scenario, r);
      if (why.length === 0) {
        finished += 1;
        continue;
      }
      for (const w of why) {
        const had = reasons.get(w.en);
        if (had) had.runs += 1;
        else reasons.set(w.en, { ...w, runs: 1, example: { seat, seed } });
      }
    }
  }
  if (stopped) {
    reasons.set('stopped', {
      en: `The check took too long and was stopped after ${runs} of ${2 * seeds} runs.`,
      'zh-CN': `检查耗时过长，在 ${2 * seeds} 次中的第 ${runs} 次后停止。`,
      runs: 0,
      example: { seat: 'client', seed: 0 },
    });
  }
  const list = [...reasons.values()].sort((a, b) => b.runs - a.runs);
  return { ok: !stopped && finished === runs, runs, finished, stopped, reasons: list, longestMinutes: longest / 60_000 };
}

/** The reasons one run did not finish with its lesson, most telling first; [] when it did. */
export function whyUnfinished(scenario: Scenario, r: PeopleResult): ScenarioText[] {
  const round = r.play.round;
  const out: ScenarioText[] = [];
  if (!r.done) {
    for (const side of SIDES) {
      const i = round.nextCall[side];
      const call = scenario.calls[side][i];
      if (call) out.push(callNeverHappened(side, i, call, round.eps[side].state));
    }
    if (out.length === 0) {
      for (const side of SIDES) {
        const now = round.eps[side].state;
        if (now !== scenario.end[side]) {
          out.push(T(
            `The ${side} never reached ${scenario.end[side]} (it stayed in ${now}).`,
            `${SIDE_ZH[side]}始终没有进入 ${scenario.end[side]}（停在 ${now}）。`,
          ));
        }
      }
    }
    for (const h of round.net.held) {
      const rule = scenario.faults?.plan?.[h.rule];
      if (!rule?.release) continue;
      const rel = rule.release;
      const what = 'row' in rel ? T(`row ${rel.row} fires on the ${rel.side}`, `${SIDE_ZH[rel.side]}触发 ${rel.row} 这一行`) : T(`the ${rel.side} sends its ${rel.sent}`, `${SIDE_ZH[rel.side]}发出它的 ${rel.sent}`);
      out.push(T(
        `Fault rule ${h.rule + 1} holds a segment of the ${rule.side} until ${what.en}, which never happened.`,
        `故障规则 ${h.rule + 1} 扣留了${SIDE_ZH[rule.side]}的一个报文段，要等到${what['zh-CN']}，但这一直没有发生。`,
      ));
    }
    if (out.length === 0) {
      out.push(T(
        `The round never became quiet: something was still owed or in flight after ${Math.round(r.wallMs / 60_000)} minutes.`,
        `这一轮始终没有停下来：${Math.round(r.wallMs / 60_000)} 分钟后仍有报文段要发送或在传输中。`,
      ));
    }
    return dedupe(out);
  }
  for (const step of scenario.lesson ?? []) {
    if (!round.fired[step.side].includes(step.row)) {
      out.push(T(
        `The lesson step "${step.row}" on the ${step.side} never happened.`,
        `教学步骤 "${step.row}"（${SIDE_ZH[step.side]}）始终没有发生。`,
      ));
    }
  }
  return out;
}

const SIDE_ZH: Record<Side, string> = { client: '客户端', server: '服务器' };

function callNeverHappened(side: Side, index: number, call: ScriptedCall, state: string): ScenarioText {
  const what = call.call === 'send' ? `send ${call.bytes ?? 1}` : call.call;
  const when = triggerText(call.when);
  return T(
    `The ${side}'s call ${index + 1} (${what}, ${when.en}) never happened: the ${side} stayed in ${state}.`,
    `${SIDE_ZH[side]}的第 ${index + 1} 个调用（${what}，${when['zh-CN']}）始终没有发生：${SIDE_ZH[side]}停在 ${state}。`,
  );
}

/** A trigger in words. */
export function triggerText(t: Trigger): ScenarioText {
  if ('at' in t) return T('at the start', '开始时');
  if ('state' in t) return T(`when it reaches ${t.state}`, `进入 ${t.state} 时`);
  if ('received' in t) return T(`when it has received ${t.received} bytes`, `收到 ${t.received} 字节后`);
  if ('sentAll' in t) return T('when everything queued has gone out', '排队的数据全部发出后');
  return T('when everything sent is acknowledged', '发出的数据全部被确认后');
}

function dedupe(list: ScenarioText[]): ScenarioText[] {
  const seen = new Set<string>();
  return list.filter((t) => (seen.has(t.en) ? false : (seen.add(t.en), true)));
}

function T(en: string, zh: string): ScenarioText {
  return { en, 'zh-CN': zh };
}
