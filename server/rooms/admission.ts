import { unpack } from '@colyseus/msgpackr';
import { decode } from '@colyseus/schema';
import { Protocol, type Client } from 'colyseus';
import type { ErrorCode } from '../../shared/index';
import { LIMITS, RateLimiter, type MessageLimits } from './limits';

interface RoomPort {
  reply(client: Client, code: ErrorCode): void;
  clock: { setTimeout(fn: () => void, ms: number): unknown };
  services: { now(): number; log(line: string): void; messageLimits?: Partial<MessageLimits> };
  roomId: string;
}

/**
 * The per-connection frame limit (LIMITS): every websocket frame a client sends — intents,
 * unknown types, frames that are not messages at all — takes a token before Colyseus decodes it.
 * Over the limit a frame is dropped (with one 'rate-limited' reply per second); a client that keeps
 * sending is told 'flooding' and disconnected, and its seat is not kept for a reconnection (the bot
 * plays it). Per connection, never per address: a whole class shares one school address.
 */
export class Admission {
  private limiters = new Map<string, RateLimiter>();
  private warned = new Set<string>();
  private kicked = new Set<string>();

  constructor(private readonly room: RoomPort) {}

  /** A client joined (or came back): a fresh limiter. */
  open(sessionId: string): void {
    this.limiters.set(sessionId, new RateLimiter(this.room.services.now(), { ...LIMITS, ...this.room.services.messageLimits }));
  }

  /** A client left; true when it was disconnected for flooding. */
  close(sessionId: string): boolean {
    this.limiters.delete(sessionId);
    this.warned.delete(sessionId);
    return this.kicked.delete(sessionId);
  }

  /**
   * Whether Colyseus may decode and handle this frame: within the client's limit, a short UTF-8
   * type, and a MessagePack payload (inspectFrame). A bad type is answered; a bad payload drops the sender.
   */
  pass(client: Client, frame: Buffer): boolean {
    if (!this.admit(client, frame)) return false;
    const verdict = inspectFrame(frame);
    if (verdict === 'bad-type') this.room.reply(client, 'unknown-message');
    if (verdict === 'bad-payload') {
      this.room.services.log(`room ${this.room.roomId}: a client sent a frame that is not MessagePack; disconnected`);
      client.leave(Protocol.WS_CLOSE_WITH_ERROR);
    }
    return verdict === 'ok';
  }

  /** Whether this frame is within the client's limit. */
  admit(client: Client, frame: Buffer | undefined): boolean {
    const code = frame?.[0];
    // A consented leave always goes through.
    if (code === Protocol.LEAVE_ROOM) return true;
    const limiter = this.limiters.get(client.sessionId);
    // The join acknowledgement of a client the room is still seating.
    if (!limiter) return code === Protocol.JOIN_ROOM && !this.kicked.has(client.sessionId);
    const verdict = limiter.take(this.room.services.now());
    if (verdict === 'ok') return true;
    if (verdict === 'flood') {
      this.room.reply(client, 'flooding');
      this.limiters.delete(client.sessionId);
      this.kicked.add(client.sessionId);
      this.room.services.log(`room ${this.room.roomId}: a client was disconnected for flooding`);
      client.leave(4008);
    } else if (!this.warned.has(client.sessionId)) {
      this.warned.add(client.sessionId);
      this.room.reply(client, 'rate-limited');
      this.room.clock.setTimeout(() => this.warned.delete(client.sessionId), 1000);
    }
    return false;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What Colyseus would make of a message frame, checked before it sees it:
 *  - 'bad-type': its type is a string that is not short UTF-8 (Colyseus's schema decoder prints a
 *    line per invalid byte, a log flood a client could cause at will): answered 'unknown-message';
 *  - 'bad-payload': its payload is not MessagePack (Colyseus drops the sender too, but first logs
 *    the decoder's error, which quotes what was decoded): the sender is dropped, nothing of it logged.
 */
export function inspectFrame(buf: Buffer): 'ok' | 'bad-type' | 'bad-payload' {
  const code = buf[0];
  if ((code !== Protocol.ROOM_DATA && code !== Protocol.ROOM_DATA_BYTES) || buf.length < 2) return 'ok';
  const it = { offset: 1 };
  if (decode.stringCheck(buf, it)) {
    const prefix = buf[it.offset++] as number;
    const length = prefix < 0xc0 ? prefix & 0x1f : prefix === 0xd9 ? decode.uint8(buf, it) : prefix === 0xda ? decode.uint16(buf, it) : decode.uint32(buf, it);
    if (length > 64 || it.offset + length > buf.length) return 'bad-type';
    try {
      utf8.decode(buf.subarray(it.offset, it.offset + length));
    } catch {
      return 'bad-type';
    }
    it.offset += length;
  } else {
    try {
      decode.number(buf, it);
    } catch {
      return 'bad-type';
    }
  }
  if (code !== Protocol.ROOM_DATA || buf.length <= it.offset) return 'ok';
  try {
    unpack(buf.subarray(it.offset));
    return 'ok';
  } catch {
    return 'bad-payload';
  }
}
