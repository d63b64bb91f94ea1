import type { SeatEvent } from '../../../shared/messages/index';
import type { Side, TcpState } from '../../../shared/tcp/types';

/**
 * The state an event shows the player on `me` to be in, for their badge: one they declared with a
 * send or on its own, or one set for them (the engine played the opening: origin 'auto'). Practice:
 * a refused answer is not shown at all, so it never moves the badge; assessment: what they declared
 * stands (nothing tells them whether it was right). The partner's state is never shown.
 */
export function badgeOf(e: SeatEvent, me: Side): TcpState | null {
  // A send to another address declares the state of that half-open connection, not the player's.
  if (e.kind === 'sent' && e.side === me && e.state && e.peer === undefined) return e.state;
  if (e.kind === 'declared' && e.side === me) return e.state;
  return null;
}
