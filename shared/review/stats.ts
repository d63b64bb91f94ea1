import { checkTrace } from '../trace/check';
import type { Trace } from '../trace/schema';
import { SIDES, type Side } from '../tcp/types';
import { lessonOutcome } from './lesson';
import type { ConceptReport, ConceptStudent } from '../concepts/report';

export { firedRows, lessonOf, lessonOutcome, type LessonOptions, type LessonOutcome } from './lesson';

/** One pair's round as the review sees it: who played which side, the result, the trace. */
export interface ReviewRound {
  round: number;
  pairId: string;
  scenario: string;
  mode: 'practice' | 'assessment';
  players: Record<Side, string>;
  /** Player ids per side; null: the bot played it. A bot is known by this, never by its name. */
  playerIds?: Record<Side, string | null>;
  scores?: Record<Side, number>;
  /** The pair reached the goal by itself (absent: the round has no result). */
  finished?: boolean;
  /** The stored result's `lesson` (absent in rounds stored before it existed: read from the trace). */
  lesson?: boolean;
  trace: Trace;
}

/** One student in one round: a gradebook row. */
export interface StudentRoundRow {
  /** The student's player id in the class (absent in rounds stored before ids were kept). */
  playerId?: string;
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
  /** The pair reached the goal by itself; undefined when the round has no result. */
  finished?: boolean;
  /** The scenario's lesson happened in this pair's round (`lessonOf`). */
  lesson: boolean;
}

/** One scenario's line of the class statistics. */
export interface ScenarioStats {
  scenario: string;
  /** Pairs that played it. */
  pairs: number;
  /** Pairs that reached the goal by themselves. */
  finished: number;
  /** Pairs whose lesson happened (finished or not). */
  lessons: number;
  /** Pairs that finished, had the lesson, and answered every judged answer right. */
  flawless: number;
  /** flawless / pairs, rounded to 0.001. */
  share: number;
}

/** The class statistics: gradebook rows, mistakes by rule, students, scenarios. */
export interface ClassStats {
  rows: StudentRoundRow[];
  /** Rule id → how often it was broken, most common first. */
  mistakesByRule: { rule: string; count: number }[];
  students: { nickname: string; score: number; correct: number; total: number; accuracy: number; mistakes: number }[];
  /** Per scenario: pairs that played it, finished, had the lesson, and did all three without any error. */
  scenarios: ScenarioStats[];
}

const BOT = 'bot';

/** What the statistics need of one round: its gradebook rows, broken rules and scenario line. */
export interface RoundSummary {
  scenario: string;
  rows: StudentRoundRow[];
  /** Rule id → how often it was broken in this round. */
  mistakes: Record<string, number>;
  finished: boolean;
  lesson: boolean;
  flawless: boolean;
}

/**
 * Judge one stored round again with the engine. Pure; the costly part of the statistics, so a
 * server keeps each finished round's summary and only judges the rounds it has not seen.
 * A pair counts as flawless only when it finished, its lesson happened (`lessonOf`: the stored
 * result's, else the trace's table rows) and every judged answer was right.
 */
export function summarizeRound(r: ReviewRound): RoundSummary {
  const report = checkTrace(r.trace);
  const lesson = lessonOutcome(r.scenario, r.trace, { stored: r.lesson, report }).happened;
  const mistakes: Record<string, number> = {};
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
        mistakes[err.rule] = (mistakes[err.rule] ?? 0) + 1;
      }
    });
  }
  const rows: StudentRoundRow[] = [];
  for (const side of SIDES) {
    const nickname = r.players[side];
    // The bot's side is the one without a player id (a student may well be called "bot").
    const bot = r.playerIds ? r.playerIds[side] === null : nickname === BOT;
    if (!nickname || bot || !r.trace.judge.includes(side)) continue;
    rows.push({
      ...(r.playerIds?.[side] ? { playerId: r.playerIds[side] as string } : {}),
      nickname, role: side, round: r.round, pairId: r.pairId, scenario: r.scenario, mode: r.mode, score: r.scores?.[side] ?? 0, ...per[side],
      ...(r.finished !== undefined ? { finished: r.finished } : {}), lesson,
    });
  }
  const finished = r.finished === true;
  return { scenario: r.scenario, rows, mistakes, finished, lesson, flawless: finished && lesson && report.valid && report.summary.correct === report.summary.judged };
}

/** Judge every stored round again with the engine and sum up per student, rule and scenario. Pure. */
export function classStats(rounds: readonly ReviewRound[]): ClassStats {
  return statsOfSummaries(rounds.map(summarizeRound));
}

/** The class statistics from the rounds' summaries (in the rounds' order). Pure and cheap. */
export function statsOfSummaries(summaries: readonly RoundSummary[]): ClassStats {
  const rows: StudentRoundRow[] = [];
  const byRule = new Map<string, number>();
  const byScenario = new Map<string, { pairs: number; finished: number; lessons: number; flawless: number }>();
  for (const r of summaries) {
    rows.push(...r.rows);
    for (const [rule, n] of Object.entries(r.mistakes)) byRule.set(rule, (byRule.get(rule) ?? 0) + n);
    const sc = byScenario.get(r.scenario) ?? { pairs: 0, finished: 0, lessons: 0, flawless: 0 };
    sc.pairs += 1;
    if (r.finished) sc.finished += 1;
    if (r.lesson) sc.lessons += 1;
    if (r.flawless) sc.flawless += 1;
    byScenario.set(r.scenario, sc);
  }
  // One student is one player id (a rename keeps it); rows of old rounds without ids go by nickname.
  const students = new Map<string, { nickname: string; score: number; correct: number; total: number; mistakes: number }>();
  for (const row of rows) {
    const key = row.playerId ? `id:${row.playerId}` : `name:${row.nickname}`;
    const s = students.get(key) ?? { nickname: row.nickname, score: 0, correct: 0, total: 0, mistakes: 0 };
    s.nickname = row.nickname;
    s.score += row.score;
    s.correct += row.correct;
    s.total += row.total;
    s.mistakes += Object.values(row.mistakes).reduce((a, b) => a + b, 0);
    students.set(key, s);
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
/**
 * A spreadsheet cell that no spreadsheet reads as a formula (CSV injection), whichever of `,`, `;`
 * or TAB it splits on. A reader that splits on `;` ignores quotes placed for `,`, so `;=1+1;` would
 * become the cell `=1+1`: every = + - @ that starts the field or follows a `,`, `;` or TAB gets an
 * apostrophe before it (a leading TAB or CR gets one too), and every field holding one of those
 * characters, a quote or a line break is quoted.
 */
export function csvCell(v: string | number): string {
  const s = String(v).replace(/^([=+\-@\t\r])/, "'$1").replace(/([,;\t])([=+\-@])/g, "$1'$2");
  return /[",;\n\r\t=+@']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const cell = csvCell;

const yesNo = (b: boolean | undefined): string => (b === undefined ? '' : b ? 'yes' : 'no');

/**
 * The gradebook CSV: one row per student per round (GAME.md, issue 5). The last two columns say
 * whether the pair finished by itself (empty: the round has no result) and whether the scenario's
 * lesson happened, each `yes` or `no`. A class that ran concept checks (issue 17) gets four more
 * columns, the student's `check_pre` and `check_post` scores (points right, empty when the student
 * did not take that check) and `check_g` (Hake's g to three decimals, empty when undefined), on
 * every row of that student, and a row for each student who took a check but played no round; then
 * one row per question of the check (`role` `check-question`, its id as `nickname`, its rules as
 * `mistakes_by_rule`, the share right before and after as `check_pre` and `check_post`, and
 * `check_missed` yes when it relates to a rule the class got wrong most in play).
 */
export function statsCsv(stats: ClassStats, concepts?: ConceptReport | null): string {
  const header = ['nickname', 'role', 'round', 'pair', 'scenario', 'mode', 'score', 'correct', 'total', 'mistakes_by_rule', 'finished', 'lesson'];
  if (concepts) header.push('check_pre', 'check_post', 'check_g', 'check_missed');
  const lines = [header.join(',')];
  const num = (n: number | null): string => (n === null ? '' : String(n));
  const gain = (s: ConceptStudent | undefined): string[] => (concepts ? [num(s?.pre ?? null), num(s?.post ?? null), s?.g == null ? '' : s.g.toFixed(3), ''] : []);
  const share = (x: number | null): string => (x === null ? '' : x.toFixed(3));
  const byId = new Map((concepts?.students ?? []).map((s) => [s.playerId, s]));
  const seen = new Set<string>();
  for (const r of stats.rows) {
    const mistakes = Object.entries(r.mistakes).sort(([a], [b]) => a.localeCompare(b)).map(([rule, n]) => `${rule}:${n}`).join(' ');
    const s = r.playerId ? byId.get(r.playerId) : undefined;
    if (r.playerId) seen.add(r.playerId);
    lines.push([r.nickname, r.role, r.round, r.pairId, r.scenario, r.mode, r.score, r.correct, r.total, mistakes, yesNo(r.finished), yesNo(r.lesson), ...gain(s)].map(cell).join(','));
  }
  for (const s of concepts?.students ?? []) {
    if (!seen.has(s.playerId)) lines.push([s.nickname, '', '', '', '', '', '', '', '', '', '', '', ...gain(s)].map(cell).join(','));
  }
  // One row per question of the check: its id, the rules it relates to, the share right before
  // and after, and whether it is about a rule the class got wrong most in play.
  const missed = new Set(concepts?.missed ?? []);
  for (const q of concepts?.shares ?? []) {
    lines.push([q.id, 'check-question', '', '', '', '', '', '', '', q.rules.join(' '), '', '', share(q.pre), share(q.post), '', yesNo(missed.has(q.id))].map(cell).join(','));
  }
  // A byte-order mark so spreadsheet programs read the Chinese nicknames as UTF-8.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
