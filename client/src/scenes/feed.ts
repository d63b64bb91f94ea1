import type { SeatEvent, Side, TcpState } from '../../../shared/index';
import type { Bus } from '../bus';
import type { AppEvents } from '../net/events';

type SceneTopic = 'scene:reset' | 'scene:event' | 'scene:badge';
export type SceneItem = { [K in SceneTopic]: { type: K; payload: AppEvents[K] } }[SceneTopic];

/**
 * What the round scene is told, kept since the last reset: Phaser boots asynchronously, so a
 * scene that starts late (or after a resize of the page) replays the log, then listens to the bus.
 * No Phaser here, so the panels can use it without loading the engine.
 */
export class SceneFeed {
  private items: SceneItem[] = [];

  constructor(readonly bus: Bus<AppEvents>) {}

  reset(me: Side | null, names: Record<Side, string>, rtoMs: number, mslMs: number): void {
    this.items = [];
    this.push({ type: 'scene:reset', payload: { me, names, rtoMs, mslMs } });
  }

  event(e: SeatEvent, at: number): void {
    this.push({ type: 'scene:event', payload: { e, at } });
  }

  badge(side: Side, state: TcpState | null, at: number): void {
    this.push({ type: 'scene:badge', payload: { side, state, at } });
  }

  log(): readonly SceneItem[] {
    return this.items;
  }

  private push(item: SceneItem): void {
    this.items.push(item);
    this.bus.emit(item.type, item.payload as never);
  }
}
