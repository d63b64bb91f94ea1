import { checkTrace } from '../trace/check';
import type { Trace } from '../trace/schema';
import { SIDES, type Side } from '../tcp/types';

/** One pair's round as the review sees it: who played which side, the result, the trace. */
export interface ReviewRound {
  round: number;
  pairId: string;
  scenario: string;
  mode: 'practice' | 'assessment';
  players: Record<Side, string>;
  scores?: Record<Side, number>;
  finished?: boolean;
  trace: Trace;
}

/** One student in one round: a gradebook row. */
export interface StudentRoundRow {
  nickname: string;
  role: Side;
  round: number;
  pairId: string;
  scenario: string;
  mode: string;
  score: number;
  correct: number;
  total: number;
  mistakes: Record<string, number>;
}

export interface ClassStats {
  rows: StudentRoundRow[];
  /** Rule id → how often it was broken, most common first. */
  mistakesByRule: { rule: string; count: number }[];
  students: { nickname: string; score: number; correct: number; total: number; accuracy: number; mistakes: number }[];
  /** Per scenario: pairs that played it, finished, and finished without any error. */
  scenarios: { scenario: string; pairs: number; finished: number; flawless: number; share: number }[];
}

const BOT = 'bot';

/** Judge every stored round again with the engine and sum up per student, rule and scenario. Pure. */
export function classStats(rounds: readonly ReviewRound[]): ClassStats {
  const rows: StudentRoundRow[] = [];
  const byRule = new Map<string, number>();
  const byScenario = new Map<string, { pairs: number; finished: number; flawless: number }>();
  for (const r of rounds) {
    const report = checkTrace(r.trace);
    const per: Record<Side, { correct: number; total: number; mistakes: Record<string, number> }> = {
      client: { correct: 0, total: 0, mistakes: {} },
      server: { correct: 0, total: 0, mistakes: {} },
    };
    if (report.valid) {
      report.events.forEach((e) => {
        if (!e.verdict) return;
        const ev = r.trace.events[e.index];
        const side = ev && 'side' in ev ? ev.side : undefined;
        if (!side) return;
        per[side].total += 1;
        if (e.verdict.ok) per[side].correct += 1;
        for (const err of e.verdict.errors) {
          per[side].mistakes[err.rule] = (per[side].mistakes[err.rule] ?? 0) + 1;
          byRule.set(err.rule, (byRule.get(err.rule) ?? 0) + 1);
        }
      });
    }
    for (const side of SIDES) {
      const nickname = r.players[side];
      if (!nickname || nickname === BOT || !r.trace.judge.includes(side)) continue;
      rows.push({ nickname, role: side, round: r.round, pairId: r.pairId, scenario: r.scenario, mode: r.mode, score: r.scores?.[side] ?? 0, ...per[side] });
    }
    const sc = byScenario.get(r.scenario) ?? { pairs: 0, finished: 0, flawless: 0 };
    sc.pairs += 1;
    if (r.finished) {
      sc.finished += 1;
      if (report.valid && report.summary.correct === report.summary.judged) sc.flawless += 1;
    }
    byScenario.set(r.scenario, sc);
  }
  const students = new Map<string, { nickname: string; score: number; correct: number; total: number; mistakes: number }>();
  for (const row of rows) {
    const s = students.get(row.nickname) ?? { nickname: row.nickname, score: 0, correct: 0, total: 0, mistakes: 0 };
    s.score += row.score;
    s.correct += row.correct;
    s.total += row.total;
    s.mistakes += Object.values(row.mistakes).reduce((a, b) => a + b, 0);
    students.set(row.nickname, s);
  }
  return {
    rows,
    mistakesByRule: [...byRule].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)),
    students: [...students.values()]
      .map((s) => ({ ...s, accuracy: s.total ? Math.round((s.correct / s.total) * 1000) / 1000 : 0 }))
      .sort((a, b) => b.score - a.score || a.nickname.localeCompare(b.nickname)),
    scenarios: [...byScenario].map(([scenario, s]) => ({ scenario, ...s, share: s.pairs ? Math.round((s.flawless / s.pairs) * 1000) / 1000 : 0 })),
  };
}

/** A spreadsheet cell: quoted when needed, and never read as a formula (CSV injection). */
function cell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The gradebook CSV: one row per student per round (GAME.md, issue 5). */
export function statsCsv(stats: ClassStats): string {
  const header = ['nickname', 'role', 'round', 'pair', 'scenario', 'mode', 'score', 'correct', 'total', 'mistakes_by_rule'];
  const lines = [header.join(',')];
  for (const r of stats.rows) {
    const mistakes = Object.entries(r.mistakes).sort(([a], [b]) => a.localeCompare(b)).map(([rule, n]) => `${rule}:${n}`).join(' ');
    lines.push([r.nickname, r.role, r.round, r.pairId, r.scenario, r.mode, r.score, r.correct, r.total, mistakes].map(cell).join(','));
  }
  // A byte-order mark so spreadsheet programs read the Chinese nicknames as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
