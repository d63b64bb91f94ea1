import { describe, expect, it } from 'vitest';
import { envelopeLines, flagText } from '../../client/src/view/label';

describe('envelope labels', () => {
  it('prints the flags in the game’s order, joined with +', () => {
    expect(flagText({ flags: ['ACK', 'SYN'], seq: 0, ack: 0, len: 0 })).toBe('SYN+ACK');
    expect(flagText({ flags: [], seq: 0, ack: 0, len: 0 })).toBe('—');
  });

  it('leaves ack out when ACK is not set, and shows the length only with data', () => {
    expect(envelopeLines({ flags: ['SYN'], seq: 4021, ack: 99, len: 0 })).toEqual(['SYN', 'seq=4021']);
    expect(envelopeLines({ flags: ['ACK', 'PSH'], seq: 1, ack: 2, len: 100 })).toEqual(['ACK+PSH len=100', 'seq=1 ack=2']);
  });

  it('uses two lines on a wide screen and three on a narrow one', () => {
    const seg = { flags: ['SYN' as const, 'ACK' as const], seq: 4294967295, ack: 4022, len: 0 };
    expect(envelopeLines(seg)).toEqual(['SYN+ACK', 'seq=4294967295 ack=4022']);
    expect(envelopeLines(seg, true)).toEqual(['SYN+ACK', 'seq=4294967295', 'ack=4022']);
    expect(envelopeLines({ ...seg, flags: ['SYN'] }, true)).toEqual(['SYN', 'seq=4294967295']);
  });
});
