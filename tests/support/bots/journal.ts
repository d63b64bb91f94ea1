import type { ErrorEvent, OwedSend, Segment, Side, TcpState, VerdictGiven } from '../../../shared/index';
import type { Received } from './inbox';

/*
 * What a bot student keeps for the tests to read: its intents and how the server answered them,
 * and (with `record`) a journal of every message with what the bot owed around it.
 */

/** An intent sent and not yet answered. */
export interface Outstanding {
  intent: 'sendSegment' | 'declareState';
  segment?: Segment;
  state?: TcpState;
  deliberate: boolean;
  round: number;
  /** The state the bot had declared before this intent (restored if the intent is refused unjudged). */
  prevDeclared?: TcpState;
  /** Sent to this other address: a half-open connection's SYN+ACK (the SYN flood). */
  peer?: string;
}

/** How the server answered an intent: a verdict, or an error (refused before judging). */
export interface Answer {
  ok: boolean;
  verdict?: VerdictGiven;
  error?: ErrorEvent;
}

/** One entry of the journal: a message, with the bot's situation around it. */
export interface JournalEntry extends Received {
  round: number;
  side: Side | null;
  /** What the mirror owed (with exact seq/ack) before this message was applied… */
  owedBefore: OwedSend[];
  /** …and right after. */
  owedAfter: OwedSend[];
  outstanding: Outstanding | null;
  /** How many `sendSegment` intents the bot had made by then (`RemoteBot.sent` is the list). */
  sentCount: number;
}

/** A segment the bot sent with `sendSegment` (whatever the answer). */
export interface SentIntent {
  round: number;
  segment: Segment;
  state?: TcpState;
  deliberate: boolean;
  answer?: Answer;
}
