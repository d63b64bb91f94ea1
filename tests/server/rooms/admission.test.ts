import { Packr } from '@colyseus/msgpackr';
import { encode } from '@colyseus/schema';
import { describe, expect, it } from 'vitest';
import { inspectFrame } from '../../../server/rooms/admission';
import { JOIN_ROOM, LEAVE_ROOM, messageFrame, ROOM_DATA, ROOM_DATA_BYTES } from '../../hostile/lib/raw';

const frame = (...parts: (number[] | Uint8Array)[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

/** A ROOM_DATA frame whose type is the string of these raw bytes (as a msgpack str 8). */
const typed = (bytes: number[], payload: Uint8Array = new Packr().pack({})) => frame([ROOM_DATA, 0xd9, bytes.length, ...bytes], payload);

describe('what a frame is before Colyseus decodes it', () => {
  it('passes the messages colyseus.js sends: a type (string or number) and a MessagePack payload, or none', () => {
    expect(inspectFrame(messageFrame('sendSegment', { flags: ['SYN'], seq: 1, ack: 0, len: 0 }) as Buffer)).toBe('ok');
    expect(inspectFrame(messageFrame('startRound') as Buffer)).toBe('ok');
    expect(inspectFrame(messageFrame(7, { any: 'thing' }) as Buffer)).toBe('ok');
    expect(inspectFrame(messageFrame('x'.repeat(64), 1) as Buffer)).toBe('ok');
  });

  it('leaves frames that are not room messages, and raw bytes after a ROOM_DATA_BYTES type, to Colyseus', () => {
    expect(inspectFrame(frame([JOIN_ROOM]))).toBe('ok');
    expect(inspectFrame(frame([LEAVE_ROOM, 0xff, 0xff]))).toBe('ok');
    expect(inspectFrame(frame([ROOM_DATA]))).toBe('ok');
    expect(inspectFrame(messageFrame('sendSegment', Uint8Array.of(0xc1, 0xc1), ROOM_DATA_BYTES) as Buffer)).toBe('ok');
  });

  it("calls a type that is not short UTF-8 a 'bad-type' (Colyseus would log a line per bad byte)", () => {
    expect(inspectFrame(typed([0x61, 0xff, 0xfe]))).toBe('bad-type');
    expect(inspectFrame(typed([0xed, 0xa0, 0x80]))).toBe('bad-type'); // a lone surrogate
    expect(inspectFrame(messageFrame('x'.repeat(65), 1) as Buffer)).toBe('bad-type');
    // A length that runs past the frame's end.
    expect(inspectFrame(frame([ROOM_DATA, 0xd9, 40, 0x61, 0x62]))).toBe('bad-type');
  });

  it("calls a payload that is not MessagePack a 'bad-payload' (the sender is dropped)", () => {
    const head = Buffer.alloc(64);
    head[0] = ROOM_DATA;
    const it = { offset: 1 };
    encode.string(head, 'sendSegment', it);
    // A string that says 200 bytes and brings one; a map that says 3 entries and brings none.
    expect(inspectFrame(frame(head.subarray(0, it.offset), [0xd9, 200, 0x61]))).toBe('bad-payload');
    expect(inspectFrame(frame(head.subarray(0, it.offset), [0x83]))).toBe('bad-payload');
  });
});
