import { MapSchema, Schema, type } from '@colyseus/schema';

/**
 * The synced state: only what every seat may see (ARCHITECTURE.md principle 3). No endpoint
 * state, seq, ack or expected value is ever here; those travel as filtered messages.
 */
export class PlayerInfo extends Schema {
  @type('string') id = '';
  @type('string') nickname = '';
  @type('boolean') connected = true;
  @type('number') score = 0;
  @type('number') streak = 0;
  @type('string') pairId = '';
  @type('string') side = '';
}

export class PairInfo extends Schema {
  @type('string') id = '';
  /** Player ids, or "bot". */
  @type('string') client = '';
  @type('string') server = '';
  @type('boolean') finished = false;
  @type('number') progress = 0;
}

export class ClassState extends Schema {
  @type('string') code = '';
  /** lobby | running | paused | ended */
  @type('string') phase = 'lobby';
  @type('number') round = 0;
  @type('string') scenario = 'handshake';
  /** A custom scenario's title, in English and in Chinese ('' for a built-in one: the page has its texts). */
  @type('string') scenarioTitleEn = '';
  @type('string') scenarioTitleZh = '';
  @type('string') mode = 'practice';
  @type('boolean') hostConnected = false;
  /** The pair on the projector (one of `pairs`), '' for none. */
  @type('string') watched = '';
  @type({ map: PlayerInfo }) players = new MapSchema<PlayerInfo>();
  @type({ map: PairInfo }) pairs = new MapSchema<PairInfo>();
}
