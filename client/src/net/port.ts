import type { z } from 'zod';
import type { SendSegmentSchema, TcpState } from '../../../shared/index';

export type SegmentAnswer = z.infer<typeof SendSegmentSchema>;

/**
 * What the play screen needs from whoever runs the round: the class server (net/connection.ts)
 * or the in-page homework runner (net/homework.ts). Both answer on the same bus with the same
 * events (roundStarted, seatEvent, verdictGiven, roundEnded, partnerStatus, error).
 */
export interface StudentPort {
  /**
   * `answer.seen`, `seen`: the inputs to the endpoint shown so far (countInputs), when known.
   * `answer.rid`, `rid`: the request id its verdict (or error) carries back.
   */
  sendSegment(answer: SegmentAnswer): void;
  declareState(state: TcpState, seen?: number, rid?: number): void;
  /** Leave for good (the player goes back to the start page). */
  leave(): void;
}
