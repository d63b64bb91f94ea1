import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CLASS_CODE_ALPHABET, CLASS_CODE_LENGTH } from '../../../shared/index';
import { AccessGuard } from '../../../server/http/guard';
import { newClassCode, Seats, type ClaimContext } from '../../../server/rooms/seats';

const HOST_KEY = 'k'.repeat(32);

/** A class whose creator reserved session 'creator'; the roster and phase are the test's. */
function classroom(roster = new Map<string, { nickname: string }>()) {
  const seats = new Seats(HOST_KEY, 'id:creator-browser');
  seats.reserved('creator', false);
  const ctx = (over: Partial<ClaimContext> = {}): ClaimContext => ({ sessionId: 's', asker: 'id:browser', ended: false, open: true, roster, maxStudents: 60, ...over });
  /** A student claim that gets in, added to the roster as the class model would. */
  const enrol = (nickname: string, asker = 'id:browser') => {
    const c = seats.claim({ nickname }, ctx({ asker }));
    if (!('nickname' in c)) throw new Error(`refused: ${JSON.stringify(c)}`);
    roster.set(c.who.playerId, { nickname: c.nickname });
    return c.who.playerId;
  };
  return { seats, ctx, roster, enrol };
}

describe('the host seat', () => {
  it('goes to the creator once, by the first seat reserved; nobody else gets it with { host: true }', () => {
    const { seats, ctx } = classroom();
    seats.reserved('second', false);
    expect(seats.claim({ host: true }, ctx({ sessionId: 'second' }))).toEqual({ refused: 'host-present', status: 409 });
    expect(seats.claim({ host: true }, ctx({ sessionId: 'creator' }))).toEqual({ who: { role: 'host' } });
    expect(seats.claim({ host: true }, ctx({ sessionId: 'creator' }))).toEqual({ refused: 'host-present', status: 409 });
  });

  it('goes to whoever has the host key; the key is given once and only its SHA-256 is kept', () => {
    const { seats, ctx } = classroom();
    expect(seats.hostKeyHash).toBe(createHash('sha256').update(HOST_KEY).digest('hex'));
    expect(seats.takeHostKey()).toBe(HOST_KEY);
    expect(seats.takeHostKey()).toBeNull();
    expect(JSON.stringify(seats)).not.toContain(HOST_KEY);
    expect(seats.claim({ hostKey: HOST_KEY }, ctx())).toEqual({ who: { role: 'host' } });
    expect(seats.claim({ hostKey: 'w'.repeat(32) }, ctx())).toEqual({ refused: 'bad-host-key', status: 403 });
    expect(seats.claim({ hostKey: 'short' }, ctx())).toEqual({ refused: 'bad-host-key', status: 403 });
  });

  it('counts wrong host keys against the asking browser, refuses it for a while, then lets it try again', () => {
    const clock = { now: 0 };
    const guard = new AccessGuard({ now: () => clock.now, secret: 's' });
    const { seats, ctx } = classroom();
    for (let i = 0; i < 10; i++) expect(seats.claim({ hostKey: 'w'.repeat(32) }, ctx({ guard }))).toMatchObject({ refused: 'bad-host-key' });
    // Even the right key waits: the budget is used up.
    expect(seats.claim({ hostKey: HOST_KEY }, ctx({ guard }))).toEqual({ refused: 'too-many-attempts', status: 429 });
    expect(seats.claim({ hostKey: HOST_KEY }, ctx({ guard, asker: 'id:someone-else' }))).toEqual({ who: { role: 'host' } });
    clock.now += 6_100;
    expect(seats.claim({ hostKey: HOST_KEY }, ctx({ guard }))).toEqual({ who: { role: 'host' } });
    // A join without a client key is not counted (nothing to count it against).
    for (let i = 0; i < 20; i++) seats.claim({ hostKey: 'w'.repeat(32) }, ctx({ guard, asker: null }));
    expect(guard.tracked).toBe(1);
  });
});

describe('a student seat', () => {
  it('is refused before the host connected (no such class), after the class ended, and with a bad nickname', () => {
    const { seats, ctx } = classroom();
    expect(seats.claim({ nickname: 'ana' }, ctx({ open: false }))).toEqual({ refused: 'bad-code', status: 404 });
    expect(seats.claim({ nickname: 'ana' }, ctx({ ended: true }))).toEqual({ refused: 'class-ended', status: 410 });
    expect(seats.claim({ hostKey: HOST_KEY }, ctx({ ended: true }))).toEqual({ refused: 'class-ended', status: 410 });
    expect(seats.claim({}, ctx())).toEqual({ refused: 'nickname-empty', status: 400 });
    expect(seats.claim({ nickname: '   ' }, ctx())).toEqual({ refused: 'nickname-empty', status: 400 });
    expect(seats.claim({ nickname: 'x'.repeat(201) }, ctx())).toEqual({ refused: 'nickname-too-long', status: 400 });
    expect(seats.claim('not options', ctx())).toEqual({ refused: 'nickname-empty', status: 400 });
  });

  it('gets a new player id and the trimmed nickname', () => {
    const { seats, ctx } = classroom();
    expect(seats.claim({ nickname: '  ana ' }, ctx())).toEqual({ who: { role: 'student', playerId: 'p1' }, nickname: 'ana' });
    expect(seats.claim({ nickname: 'ben' }, ctx())).toEqual({ who: { role: 'student', playerId: 'p2' }, nickname: 'ben' });
  });

  it('is refused a nickname that looks like one in the class, and a seat beyond the class size', () => {
    const { seats, ctx, enrol } = classroom();
    enrol('alice');
    expect(seats.claim({ nickname: 'аlice' }, ctx())).toEqual({ refused: 'nickname-taken', status: 409 }); // Cyrillic а
    expect(seats.claim({ nickname: 'ALICE' }, ctx())).toEqual({ refused: 'nickname-taken', status: 409 });
    expect(seats.claim({ nickname: 'bob' }, ctx({ maxStudents: 1 }))).toEqual({ refused: 'class-full', status: 409 });
  });

  it("keeps a blocked student's browser and nickname out, but never a whole address", () => {
    const { seats, ctx, enrol } = classroom();
    const mallory = enrol('mallory', 'id:mallory-browser');
    const shared = enrol('sam', 'addr:203.0.113.5');
    seats.block(mallory, 'mallory');
    seats.block(shared, 'sam');
    expect(seats.claim({ nickname: 'someone' }, ctx({ asker: 'id:mallory-browser' }))).toEqual({ refused: 'blocked', status: 403 });
    expect(seats.claim({ nickname: 'MALLORY' }, ctx({ asker: 'id:fresh' }))).toEqual({ refused: 'blocked', status: 403 });
    expect(seats.claim({ nickname: 'sam' }, ctx({ asker: 'id:fresh' }))).toEqual({ refused: 'blocked', status: 403 });
    // The school's address is not blocked: another student there joins.
    expect(seats.claim({ nickname: 'tess' }, ctx({ asker: 'addr:203.0.113.5' }))).toMatchObject({ who: { role: 'student' } });
  });

  it('forgets the browser of a student who left the roster (blocking them later blocks only the name)', () => {
    const { seats, ctx, enrol } = classroom();
    const id = enrol('eve', 'id:eve-browser');
    seats.forget(id);
    seats.block(id, 'eve');
    expect(seats.claim({ nickname: 'someone' }, ctx({ asker: 'id:eve-browser' }))).toMatchObject({ who: { role: 'student' } });
    expect(seats.claim({ nickname: 'eve' }, ctx({ asker: 'id:other' }))).toEqual({ refused: 'blocked', status: 403 });
  });
});

describe('connections', () => {
  it('are known by session while they are in the class, and the creator is the first reservation, not a reconnection', () => {
    const seats = new Seats(HOST_KEY);
    seats.reserved('back-again', true);
    seats.reserved('first', false);
    seats.reserved('second', false);
    const ctx = { asker: null, ended: false, open: true, roster: new Map(), maxStudents: 60 };
    expect(seats.claim({ host: true }, { ...ctx, sessionId: 'back-again' })).toMatchObject({ refused: 'host-present' });
    expect(seats.claim({ host: true }, { ...ctx, sessionId: 'first' })).toEqual({ who: { role: 'host' } });
    seats.join('first', { role: 'host' });
    expect(seats.who('first')).toEqual({ role: 'host' });
    expect(seats.leave('first')).toEqual({ role: 'host' });
    expect(seats.who('first')).toBeUndefined();
    expect(seats.leave('first')).toBeUndefined();
  });

  it('draws class codes of 7 characters of the alphabet', () => {
    for (let i = 0; i < 50; i++) {
      const code = newClassCode();
      expect(code).toHaveLength(CLASS_CODE_LENGTH);
      expect([...code].every((c) => CLASS_CODE_ALPHABET.includes(c))).toBe(true);
    }
  });
});
