/**
 * What the browser keeps between page loads: the host key of each class it hosts (localStorage,
 * so a refresh or a projector window can reclaim the class), and this tab's reconnection token
 * (sessionStorage: the server keeps a dropped seat for 60 s).
 */
type Role = 'student' | 'host' | 'projector';

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

const local = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);
const session = (): Storage | undefined => (typeof sessionStorage === 'undefined' ? undefined : sessionStorage);

export const Session = {
  hostKey(code: string): string | null {
    return read(local(), `synack.hostKey.${code}`);
  },
  saveHostKey(code: string, key: string): void {
    write(local(), `synack.hostKey.${code}`, key);
  },
  token(role: Role, code: string): string | null {
    return read(session(), `synack.token.${role}.${code}`);
  },
  saveToken(role: Role, code: string, token: string | null): void {
    write(session(), `synack.token.${role}.${code}`, token);
  },
  /** The token that opens a student's own replays after class (the review page reads it). */
  replayToken(code: string): string | null {
    return read(local(), `synack.replayToken.${code}`);
  },
  saveReplayToken(code: string, token: string): void {
    write(local(), `synack.replayToken.${code}`, token);
  },
  /** The nickname last used in this tab (to fill the join form again). */
  nickname(): string {
    return read(session(), 'synack.nickname') ?? '';
  },
  saveNickname(nickname: string): void {
    write(session(), 'synack.nickname', nickname);
  },
};
