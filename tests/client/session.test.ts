import { describe, expect, it } from 'vitest';
import { newReplayToken, replayTokenExpired as serverSaysExpired } from '../../server/http/api';
import { createSession, replayTokenExpired, replayTokenExpiry, SHARED_FLAG } from '../../client/src/net/session';

/** A Storage kept in a Map (the browser's, without a browser). */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  dump(): Record<string, string> {
    return Object.fromEntries(this.items);
  }
}

function browser() {
  const local = new MemoryStorage();
  const session = new MemoryStorage();
  return { local, session, open: () => createSession({ local: () => local, session: () => session }) };
}

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 8, 1, 8, 0, 0);
const RANDOM = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4';

describe('replay tokens with an end', () => {
  it('reads the end the server writes into a token, and agrees with the server on when it has passed', () => {
    const token = newReplayToken(RANDOM, NOW, 30);
    expect(replayTokenExpiry(token)).toBe(NOW + 30 * DAY);
    for (const [t, now] of [
      [token, NOW], [token, NOW + 30 * DAY - 1000], [token, NOW + 30 * DAY], [token, NOW + 31 * DAY],
      [newReplayToken(RANDOM, NOW, 0), NOW], [RANDOM, NOW + 10_000 * DAY], [`${RANDOM}.`, NOW], [`${RANDOM}.!!`, NOW],
    ] as const) {
      expect(replayTokenExpired(t, now), `${t} at ${now}`).toBe(serverSaysExpired(t, now));
    }
  });

  it('never ends a token without an end (one from before tokens ended)', () => {
    expect(replayTokenExpiry(RANDOM)).toBeNull();
    expect(replayTokenExpired(RANDOM, Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('drops the stored tokens whose end has passed, and leaves the others and every other key alone', () => {
    const b = browser();
    b.local.setItem('synack.replayToken.AAAAAAA', newReplayToken(RANDOM, NOW - 31 * DAY, 30));
    b.local.setItem('synack.replayToken.BBBBBBB', newReplayToken(RANDOM, NOW, 30));
    b.local.setItem('synack.replayToken.CCCCCCC', RANDOM);
    b.local.setItem('synack.hostKey.AAAAAAA', 'host-key-is-not-a-replay-token.1');
    b.local.setItem('synack.lang', 'zh-CN');
    expect(b.open().dropExpiredReplayTokens(NOW)).toEqual(['AAAAAAA']);
    expect(Object.keys(b.local.dump()).sort()).toEqual(['synack.hostKey.AAAAAAA', 'synack.lang', 'synack.replayToken.BBBBBBB', 'synack.replayToken.CCCCCCC']);
    // A month later the second has ended too.
    expect(b.open().dropExpiredReplayTokens(NOW + 30 * DAY)).toEqual(['BBBBBBB']);
    expect(b.local.getItem('synack.replayToken.CCCCCCC')).toBe(RANDOM);
  });
});

describe('what the browser keeps', () => {
  it('keeps the host key, replay token, reconnection token and nickname where the next page load finds them', () => {
    const b = browser();
    const s = b.open();
    s.saveHostKey('AAAAAAA', 'k'.repeat(32));
    s.saveReplayToken('AAAAAAA', 'r.1');
    s.saveToken('student', 'AAAAAAA', 't1');
    s.saveNickname('Ada');
    const again = b.open();
    expect([again.hostKey('AAAAAAA'), again.replayToken('AAAAAAA'), again.token('student', 'AAAAAAA'), again.nickname()]).toEqual(['k'.repeat(32), 'r.1', 't1', 'Ada']);
    expect(again.shared).toBe(false);
  });

  it('forgets the host key of a class that ended (the review page reads the same one)', () => {
    const b = browser();
    const s = b.open();
    s.saveHostKey('AAAAAAA', 'k'.repeat(32));
    s.saveHostKey('BBBBBBB', 'q'.repeat(32));
    s.forgetHostKey('AAAAAAA');
    expect(s.hostKey('AAAAAAA')).toBeNull();
    expect(b.open().hostKey('AAAAAAA')).toBeNull();
    expect(b.local.getItem('synack.hostKey.BBBBBBB')).toBe('q'.repeat(32));
  });

  it('on a shared computer stores nothing personal: the page holds it in memory, a new page load has none of it', () => {
    const b = browser();
    const s = b.open();
    s.setShared(true);
    s.saveHostKey('AAAAAAA', 'k'.repeat(32));
    s.saveReplayToken('AAAAAAA', 'r.1');
    s.saveToken('student', 'AAAAAAA', 't1');
    s.saveNickname('Ada');
    // This page still has them (a dropped connection is taken back, the class ended shows the key).
    expect([s.hostKey('AAAAAAA'), s.replayToken('AAAAAAA'), s.token('student', 'AAAAAAA'), s.nickname()]).toEqual(['k'.repeat(32), 'r.1', 't1', 'Ada']);
    // Only the (non-personal) choice is stored, for this tab.
    expect(b.local.dump()).toEqual({});
    expect(b.session.dump()).toEqual({ [SHARED_FLAG]: '1' });
    const reloaded = b.open();
    expect(reloaded.shared).toBe(true);
    expect([reloaded.hostKey('AAAAAAA'), reloaded.replayToken('AAAAAAA'), reloaded.token('student', 'AAAAAAA'), reloaded.nickname()]).toEqual([null, null, null, '']);
    s.forgetHostKey('AAAAAAA');
    expect(s.hostKey('AAAAAAA')).toBeNull();
  });

  it('ticking the box takes this tab’s own stored nickname and tokens out of storage; unticking stores again', () => {
    const b = browser();
    const s = b.open();
    s.saveNickname('Ada');
    s.saveToken('student', 'AAAAAAA', 't1');
    s.setShared(true);
    expect(b.session.dump()).toEqual({ [SHARED_FLAG]: '1' });
    expect(s.nickname()).toBe('Ada');
    s.setShared(false);
    expect(b.session.dump()).toEqual({});
    s.saveNickname('Bo');
    expect(b.session.getItem('synack.nickname')).toBe('Bo');
  });
});

describe('the classes whose replays this browser can open (issue 14: homework links to them)', () => {
  it('lists the class codes with a replay token, sorted, and none of the other keys', () => {
    const b = browser();
    b.local.setItem('synack.replayToken.BBBBBBB', RANDOM);
    b.local.setItem('synack.replayToken.AAAAAAA', RANDOM);
    b.local.setItem('synack.hostKey.CCCCCCC', 'k');
    b.local.setItem('synack.lang', 'en');
    const s = b.open();
    expect(s.replayClasses()).toEqual(['AAAAAAA', 'BBBBBBB']);
    s.saveReplayToken('DDDDDDD', RANDOM);
    expect(s.replayClasses()).toEqual(['AAAAAAA', 'BBBBBBB', 'DDDDDDD']);
  });

  it('on a shared computer lists the token this page holds in memory, and none is stored', () => {
    const b = browser();
    const s = b.open();
    s.setShared(true);
    s.saveReplayToken('EEEEEEE', RANDOM);
    expect(s.replayClasses()).toEqual(['EEEEEEE']);
    expect(b.local.dump()).toEqual({});
  });
});
