import { Connection } from '../../net/connection';
import { parseJoinError, type JoinFailure } from '../../net/join-error';
import { Session } from '../../net/session';
import type { AppCtx, Seat } from '../screen';

/**
 * A host seat in class `code` for this window: the one just created, this tab's own after a
 * refresh (reconnection token), or a new one opened with the host key this browser keeps. The
 * failure is null when the browser holds no host key for the class.
 */
export async function claimHostSeat(ctx: AppCtx, code: string, role: 'host' | 'projector'): Promise<{ seat: Seat } | { failure: JoinFailure | null }> {
  if (ctx.seat?.role === role && ctx.seat.code === code) return { seat: ctx.seat };
  const conn = new Connection(ctx.bus);
  const resumed = await conn.resume(role, code);
  const keep = (welcome: Seat['welcome']) => {
    const seat: Seat = { conn, welcome, role, code };
    ctx.seat = seat;
    return { seat };
  };
  if (resumed) return keep(resumed);
  const key = Session.hostKey(code);
  if (!key) return { failure: null };
  try {
    return keep(await conn.joinHost(code, key, role));
  } catch (e) {
    return { failure: parseJoinError(e) };
  }
}
