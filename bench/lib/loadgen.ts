/**
 * A load generator: a Node process of its own (forked by the bench) holding bot students and
 * hosts on real colyseus.js clients, or raw `ws` relay pairs, and measuring what they see.
 *
 * Commands (over IPC, see ipc.ts): game.add, game.run, game.clear, relay.setup, relay.run,
 * relay.clear, storm.create, storm.join, storm.clear, exit. Every loop has a deadline.
 */
import { serve } from './ipc';
import { gameAdd, gameClear, gameRun } from './loadgen-game';
import { relayClear, relayRun, relaySetup } from './loadgen-relay';
import { stormClear, stormCreate, stormJoin, stormSeated } from './loadgen-storm';

serve({
  'game.add': gameAdd,
  'game.run': gameRun,
  'game.clear': gameClear,
  'relay.setup': relaySetup,
  'relay.run': relayRun,
  'relay.clear': relayClear,
  'storm.create': stormCreate,
  'storm.join': stormJoin,
  'storm.seated': stormSeated,
  'storm.clear': stormClear,
});
