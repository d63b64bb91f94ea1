/**
 * A classroom-pace load generator (issue 15): a Node process of its own, forked by the bench,
 * holding bot students at a person's pace (bench/lib/human-game.ts) or raw relay pairs at the same
 * message rate (bench/lib/human-relay.ts). Commands over IPC (ipc.ts); every loop has a deadline.
 */
import { humanAdd, humanClear, humanRead, humanWindow } from './human-game';
import { humanRelayClear, humanRelayRun, humanRelaySetup } from './human-relay';
import { serve } from './ipc';

serve({
  'human.add': humanAdd,
  'human.window': humanWindow,
  'human.read': humanRead,
  'human.clear': humanClear,
  'hrelay.setup': humanRelaySetup,
  'hrelay.run': humanRelayRun,
  'hrelay.clear': humanRelayClear,
});
