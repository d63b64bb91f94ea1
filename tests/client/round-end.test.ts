import { describe, expect, it } from 'vitest';
import { findScenario } from '../../shared/index';
import { textIn } from '../../client/src/i18n/ui';
import { endMessage, type Line } from '../../client/src/ui/round-end';
import { badgeOf } from '../../client/src/view/badge';

const achieved = findScenario('lost-final-ack')!.achieved!;
const words = (lines: Line[]) => lines.map((l) => ('key' in l ? textIn('en', l.key, l.params) : l.text.en));

describe('the end of a round, in words', () => {
  it('tells a pair that reached the goal by itself that it is done, what it achieved and its score', () => {
    const m = endMessage({ round: 1, finished: true, done: true, lesson: true, score: 180, correct: 5, answers: 6 }, achieved);
    expect(m.tone).toBe('ok');
    expect(words(m.lines)).toEqual([textIn('en', 'play.done'), achieved.en, 'Your score this round: 180 (5 of 6 answers correct).']);
  });

  it('does not claim the lesson when it did not happen', () => {
    const m = endMessage({ round: 1, finished: true, done: true, lesson: false, score: 50, correct: 2, answers: 2 }, achieved);
    expect(words(m.lines)).toContain(textIn('en', 'play.noLesson'));
    expect(words(m.lines)).not.toContain(achieved.en);
  });

  it('says so when the instructor let the bot finish the seat', () => {
    const m = endMessage({ round: 2, finished: false, handedToBot: true, score: 30 }, achieved);
    expect(words(m.lines)).toEqual([textIn('en', 'play.handedToBot'), 'Your score this round: 30.']);
  });

  it('says the instructor ended it, and whether the connection reached its goal', () => {
    expect(words(endMessage({ round: 1, finished: false, score: 0 }, achieved).lines)).toContain(textIn('en', 'play.unfinished'));
    expect(words(endMessage({ round: 1, finished: true, done: false, score: 10 }, achieved).lines)).toContain(textIn('en', 'play.finished'));
  });
});

describe('the player’s state badge', () => {
  const seg = { flags: ['ACK' as const], seq: 1, ack: 1, len: 0 };
  it('follows a state declared with a send, on its own, or set for the player', () => {
    expect(badgeOf({ kind: 'sent', t: 0, id: 'c1', side: 'client', segment: seg, origin: 'player', state: 'ESTABLISHED' }, 'client')).toBe('ESTABLISHED');
    expect(badgeOf({ kind: 'declared', t: 0, side: 'client', state: 'LISTEN' }, 'client')).toBe('LISTEN');
    expect(badgeOf({ kind: 'declared', t: 0, side: 'client', state: 'ESTABLISHED', origin: 'auto' }, 'client')).toBe('ESTABLISHED');
  });

  it('never shows the partner’s state, nor moves on a send without one', () => {
    expect(badgeOf({ kind: 'declared', t: 0, side: 'server', state: 'LISTEN' }, 'client')).toBeNull();
    expect(badgeOf({ kind: 'sent', t: 0, id: 'c1', side: 'client', segment: seg, origin: 'player' }, 'client')).toBeNull();
  });
});
