/**
 * What the browser keeps between page loads: the host key of each class it hosts (localStorage,
 * so a refresh or a projector window can reclaim the class), a student's replay token (to open
 * their replays after class), this tab's reconnection token (sessionStorage: the server keeps a
 * dropped seat for 60 s) and the nickname last typed in this tab.
 *
 * On a shared computer (the join form's checkbox) none of these is written to either storage: they
 * live in this page's memory and go with it, so a refresh does not rejoin on its own. The choice
 * itself is not personal and is kept in this tab's sessionStorage (`synack.sharedComputer`): a
 * refresh keeps it, a new tab or the next person's browser session starts without it.
 */
import { replayTokenExpired } from '../../../shared/messages/replay-token';

export { replayTokenExpired, replayTokenExpiry } from '../../../shared/messages/replay-token';

type Role = 'student' | 'host' | 'projector';

export const HOST_KEY_PREFIX = 'synack.hostKey.';
export const REPLAY_TOKEN_PREFIX = 'synack.replayToken.';
export const ENDED_PREFIX = 'synack.classEnded.';
const TOKEN_PREFIX = 'synack.token.';
const NICKNAME = 'synack.nickname';
export const SHARED_FLAG = 'synack.sharedComputer';

function read(store: Storage | undefined, key: string): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(store: Storage | undefined, key: string, value: string | null): void {
  try {
    if (value === null) store?.removeItem(key);
    else store?.setItem(key, value);
  } catch {
    /* private mode: nothing kept, the game still works */
  }
}

function keysOf(store: Storage | undefined): string[] {
  try {
    if (!store) return [];
    const keys: string[] = [];
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      if (k !== null) keys.push(k);
    }
    return keys;
  } catch {
    return [];
  }
}

/** Where the browser's two stores are (undefined where there is none, or access is blocked). */
export interface Stores {
  local(): Storage | undefined;
  session(): Storage | undefined;
}

function browserStore(name: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return typeof globalThis[name] === 'undefined' ? undefined : globalThis[name];
  } catch {
    return undefined;
  }
}

const BROWSER: Stores = { local: () => browserStore('localStorage'), session: () => browserStore('sessionStorage') };

/** The page's keeper of keys, tokens and the nickname, over the given stores (the browser's, or a test's). */
export function createSession(stores: Stores = BROWSER) {
  /** Shared computer: what would have been stored, for this page's life only. */
  const memory = new Map<string, string>();
  let shared = read(stores.session(), SHARED_FLAG) === '1';

  const get = (store: Storage | undefined, key: string): string | null => memory.get(key) ?? read(store, key);
  const put = (store: Storage | undefined, key: string, value: string | null): void => {
    if (value === null) {
      memory.delete(key);
      write(store, key, null);
    } else if (shared) {
      memory.set(key, value);
      // An older value of this key (from before the box was ticked) would outlive the page.
      write(store, key, null);
    } else {
      memory.delete(key);
      write(store, key, value);
    }
  };

  return {
    /** Whether this is a shared computer: nothing personal is stored. */
    get shared(): boolean {
      return shared;
    },
    /**
     * Tick or untick "this is a shared computer". Ticking moves what this tab has stored of its own
     * (nickname, reconnection tokens) into memory; keys other visits left in localStorage are not
     * this page's to delete.
     */
    setShared(on: boolean): void {
      shared = on;
      write(stores.session(), SHARED_FLAG, on ? '1' : null);
      if (!on) return;
      for (const key of keysOf(stores.session())) {
        if (key !== NICKNAME && !key.startsWith(TOKEN_PREFIX)) continue;
        const value = read(stores.session(), key);
        if (value !== null) memory.set(key, value);
        write(stores.session(), key, null);
      }
    },
    hostKey(code: string): string | null {
      return get(stores.local(), `${HOST_KEY_PREFIX}${code}`);
    },
    saveHostKey(code: string, key: string): void {
      put(stores.local(), `${HOST_KEY_PREFIX}${code}`, key);
    },
    /** The class has ended here: this browser no longer keeps its host key (the review page reads the same one). */
    forgetHostKey(code: string): void {
      put(stores.local(), `${HOST_KEY_PREFIX}${code}`, null);
    },
    /** This browser's host saw class `code` end after `rounds` rounds (a reload then shows the end-of-class card). */
    markEnded(code: string, rounds: number): void {
      put(stores.local(), `${ENDED_PREFIX}${code}`, String(rounds));
    },
    /** The rounds class `code` had when this browser's host saw it end; null when it did not see it end. */
    endedRounds(code: string): number | null {
      const v = get(stores.local(), `${ENDED_PREFIX}${code}`);
      const n = v === null ? NaN : Number(v);
      return Number.isInteger(n) && n >= 0 ? n : null;
    },
    token(role: Role, code: string): string | null {
      return get(stores.session(), `${TOKEN_PREFIX}${role}.${code}`);
    },
    saveToken(role: Role, code: string, token: string | null): void {
      put(stores.session(), `${TOKEN_PREFIX}${role}.${code}`, token);
    },
    /** The token that opens a student's own replays after class (the review page reads it). */
    replayToken(code: string): string | null {
      return get(stores.local(), `${REPLAY_TOKEN_PREFIX}${code}`);
    },
    saveReplayToken(code: string, token: string): void {
      put(stores.local(), `${REPLAY_TOKEN_PREFIX}${code}`, token);
    },
    /** The class codes whose replay token this page can read (stored, or in memory on a shared computer), sorted. */
    replayClasses(): string[] {
      const codes = new Set<string>();
      for (const key of [...keysOf(stores.local()), ...memory.keys()]) {
        if (key.startsWith(REPLAY_TOKEN_PREFIX) && get(stores.local(), key) !== null) codes.add(key.slice(REPLAY_TOKEN_PREFIX.length));
      }
      return [...codes].sort();
    },
    /** Forget the replay tokens whose end has passed (tokens without an end stay); returns their class codes. */
    dropExpiredReplayTokens(nowMs: number): string[] {
      const dropped: string[] = [];
      for (const key of keysOf(stores.local())) {
        if (!key.startsWith(REPLAY_TOKEN_PREFIX)) continue;
        const token = read(stores.local(), key);
        if (token === null || !replayTokenExpired(token, nowMs)) continue;
        write(stores.local(), key, null);
        dropped.push(key.slice(REPLAY_TOKEN_PREFIX.length));
      }
      return dropped;
    },
    /** The nickname last used in this tab (to fill the join form again). */
    nickname(): string {
      return get(stores.session(), NICKNAME) ?? '';
    },
    saveNickname(nickname: string): void {
      put(stores.session(), NICKNAME, nickname);
    },
  };
}

export type SessionStore = ReturnType<typeof createSession>;

export const Session: SessionStore = createSession();
