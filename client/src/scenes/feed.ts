import type { Clock, SeatEvent, Side, TcpState } from '../../../shared/index';
import type { Bus } from '../bus';
import type { AppEvents } from '../net/events';

type SceneTopic = 'scene:reset' | 'scene:event' | 'scene:badge' | 'scene:clock';
export type SceneItem = { [K in SceneTopic]: { type: K; payload: AppEvents[K] } }[SceneTopic];

/**
 * What the round scene is told, kept since the last reset: Phaser boots asynchronously, so a
 * scene that starts late (or after a resize of the page) replays the log, then listens to the bus.
 * No Phaser here, so the panels can use it without loading the engine.
 */
export class SceneFeed {
  private items: SceneItem[] = [];

  constructor(readonly bus: Bus<AppEvents>) {}

  /** A new round; `bot`: the side the bot plays (named by the scene in the page's language), if any. */
  reset(me: Side | null, names: Record<Side, string>, rtoMs: number, mslMs: number, showLosses = false, bot: Side | null = null, backoff = true): void {
    this.items = [];
    this.push({ type: 'scene:reset', payload: { me, names, rtoMs, mslMs, backoff, showLosses, bot } });
  }

  event(e: SeatEvent, at: number): void {
    this.push({ type: 'scene:event', payload: { e, at } });
  }

  badge(side: Side, state: TcpState | null, at: number): void {
    this.push({ type: 'scene:badge', payload: { side, state, at } });
  }

  /** The pair's network clock (timer rings run on it), received at page time `at`. */
  clock(clock: Clock, at: number): void {
    // Only the latest clock matters to a scene that starts late.
    this.items = this.items.filter((i) => i.type !== 'scene:clock');
    this.push({ type: 'scene:clock', payload: { clock, at } });
  }

  log(): readonly SceneItem[] {
    return this.items;
  }

  private push(item: SceneItem): void {
    this.items.push(item);
    this.bus.emit(item.type, item.payload as never);
  }
}
