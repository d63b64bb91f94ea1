import type { RoundConfig, Welcome } from '../../../shared/index';
import type { Bus } from '../bus';
import type { TextKey } from '../i18n/ui';
import type { Connection, SeatRole } from '../net/connection';
import type { AppEvents, ClassSnapshot, ServerEvents } from '../net/events';
import type { Route } from '../route';
import type { StudentCheck } from './check-model';

/** A joined seat handed from one screen to the next (landing → lobby, landing → dashboard). */
export interface Seat {
  conn: Connection;
  welcome: Welcome;
  role: SeatRole;
  code: string;
}

/** The latest of each "current value" event, so that a screen mounted late still has it. */
export interface Latest {
  state?: ClassSnapshot;
  config?: RoundConfig;
  dashboard?: ServerEvents['dashboard'];
  /** Concept checks (issue 17): the student's check; the host seats' status and last distribution. */
  check?: StudentCheck;
  checkStatus?: ServerEvents['checkStatus'];
  checkResults?: ServerEvents['checkResults'];
}

export interface AppCtx {
  bus: Bus<AppEvents>;
  go(route: Route): void;
  seat: Seat | null;
  latest: Latest;
  /** A message for the next screen to show once (e.g. a seat that could not be restored). */
  notice: { key: TextKey; params?: Record<string, string> } | null;
}

/** A mounted screen: its root element and how to let go of everything it holds. */
export interface Screen {
  el: HTMLElement;
  dispose(): void;
}
