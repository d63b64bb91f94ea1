import type { RoundEnded } from '../../../shared/index';
import type { Lang, Params, TextKey } from '../i18n/ui';

/** One line of a message: an interface text, or a text that comes in both languages (a scenario's). */
export type Line = { key: TextKey; params?: Params } | { text: Record<Lang, string> };

export interface EndMessage {
  tone: 'ok' | 'info';
  lines: Line[];
}

/**
 * What a student is told when the round is over for them, in words (GAME.md "Rounds always
 * finish"): done by themselves — "You are done!", what they achieved (the scenario's `achieved`,
 * unless its lesson did not happen this time) and their score and answers; the bot finishing their
 * seat; or the instructor ending the round. Pure: the feedback area renders the lines.
 */
export function endMessage(re: RoundEnded, achieved: Record<Lang, string> | undefined): EndMessage {
  const score: Line = re.answers !== undefined && re.answers > 0
    ? { key: 'play.scoreAnswers', params: { score: re.score, correct: re.correct ?? 0, answers: re.answers } }
    : { key: 'play.score', params: { score: re.score } };
  if (re.handedToBot) return { tone: 'info', lines: [{ key: 'play.handedToBot' }, score] };
  if (re.done) {
    const lesson: Line[] = re.lesson === false ? [{ key: 'play.noLesson' }] : achieved ? [{ text: achieved }] : [];
    return { tone: 'ok', lines: [{ key: 'play.done' }, ...lesson, score] };
  }
  return {
    tone: re.finished ? 'ok' : 'info',
    lines: [{ key: 'play.ended' }, { key: re.finished ? 'play.finished' : 'play.unfinished' }, score],
  };
}
