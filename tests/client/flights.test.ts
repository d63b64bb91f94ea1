import { describe, expect, it } from 'vitest';
import type { SeatEvent } from '../../shared/index';
import { applyFlightEvent, envelopesAt, FLIGHT_MS, pruneFlights, type Flight } from '../../client/src/view/flights';

const SYN = { flags: ['SYN' as const], seq: 4021, ack: 0, len: 0 };
const sent = (id = 'c1'): SeatEvent => ({ kind: 'sent', t: 0, id, side: 'client', segment: SYN, origin: 'player' });
const delivered = (id = 'c1'): SeatEvent => ({ kind: 'delivered', t: 0, id, to: 'server', segment: SYN });
const lost = (id = 'c1'): SeatEvent => ({ kind: 'lost', t: 0, id });

function fly(...steps: [SeatEvent, number][]): Flight[] {
  return steps.reduce<Flight[]>((f, [e, at]) => applyFlightEvent(f, e, at), []);
}
const { travel, burst, linger, delayedAfter } = FLIGHT_MS;

describe('envelopes in the air', () => {
  it('starts at the sender and reaches the middle of the network after one travel time', () => {
    const f = fly([sent(), 1000]);
    expect(envelopesAt(f, 1000)[0]).toMatchObject({ progress: 0, phase: 'outbound' });
    expect(envelopesAt(f, 1000 + travel)[0]).toMatchObject({ progress: 0.5, phase: 'waiting' });
  });

  it('waits in the middle until it is delivered, and is marked delayed when that takes long', () => {
    const f = fly([sent(), 0]);
    expect(envelopesAt(f, travel + 10)[0]?.delayed).toBe(false);
    expect(envelopesAt(f, delayedAfter + 1)[0]).toMatchObject({ phase: 'waiting', progress: 0.5, delayed: true });
  });

  it('flies on from the middle to the receiver when delivered, then lingers and fades there', () => {
    const f = fly([sent(), 0], [delivered(), 3000]);
    expect(envelopesAt(f, 3000 + travel / 2)[0]).toMatchObject({ phase: 'inbound' });
    const p = envelopesAt(f, 3000 + travel / 2)[0]!.progress;
    expect(p).toBeGreaterThan(0.5);
    expect(p).toBeLessThan(1);
    expect(envelopesAt(f, 3000 + travel + 1)[0]).toMatchObject({ phase: 'arrived', progress: 1 });
    expect(envelopesAt(f, 3000 + travel + linger + 1)).toEqual([]);
  });

  it('does not arrive before it has reached the middle, even on a network with no delay', () => {
    const f = fly([sent(), 0], [delivered(), 10]);
    expect(envelopesAt(f, travel / 2)[0]).toMatchObject({ phase: 'outbound' });
    expect(envelopesAt(f, travel + 1)[0]?.phase).toBe('inbound');
  });

  it('bursts in the middle when lost, growing and fading, then is gone', () => {
    const f = fly([sent(), 0], [lost(), 2000]);
    expect(envelopesAt(f, 1999)[0]?.phase).toBe('waiting');
    const b = envelopesAt(f, 2000 + burst / 2)[0]!;
    expect(b).toMatchObject({ phase: 'burst', progress: 0.5 });
    expect(b.scale).toBeCloseTo(1.5);
    expect(b.alpha).toBeCloseTo(0.5);
    expect(envelopesAt(f, 2000 + burst + 1)).toEqual([]);
  });

  it('shows a duplicate as a second copy that flies on at its own delivery', () => {
    const f = fly([sent(), 0], [delivered(), 1000], [delivered(), 2500]);
    const at = envelopesAt(f, 2550);
    expect(at.map((e) => e.key)).toEqual(['c1#0', 'c1#1']);
    expect(at[0]).toMatchObject({ copy: 0, phase: 'arrived' });
    expect(at[1]).toMatchObject({ copy: 1, phase: 'inbound' });
  });

  it('makes a stale segment nobody saw leave appear out of the network when it arrives', () => {
    const f = fly([{ kind: 'delivered', t: 0, id: 'c9', to: 'server', segment: SYN }, 5000]);
    expect(f[0]).toMatchObject({ from: 'client', origin: 'network' });
    expect(envelopesAt(f, 5000)[0]).toMatchObject({ phase: 'inbound', progress: 0.5 });
  });

  it('forgets flights once nothing of them can be seen', () => {
    const f = fly([sent('a'), 0], [delivered('a'), 1000], [sent('b'), 0]);
    expect(pruneFlights(f, 1000 + 2 * travel + linger + burst).map((x) => x.id)).toEqual(['b']);
  });
});

describe('envelopes whose fate the player may not know', () => {
  const secret = { secretFor: 'client' as const };
  const flySecret = (...steps: [SeatEvent, number][]) => steps.reduce<Flight[]>((f, [e, at]) => applyFlightEvent(f, e, at, secret), []);

  it('flies the player’s own segment into the middle of the network and fades it there', () => {
    const f = flySecret([sent(), 0]);
    expect(envelopesAt(f, travel / 2)[0]).toMatchObject({ phase: 'outbound' });
    const fading = envelopesAt(f, travel + FLIGHT_MS.fade / 2)[0]!;
    expect(fading).toMatchObject({ phase: 'fading', progress: 0.5, delayed: false });
    expect(fading.alpha).toBeCloseTo(0.5);
    expect(envelopesAt(f, travel + FLIGHT_MS.fade + 1)).toEqual([]);
  });

  it('never marks it delayed, however long the network holds it', () => {
    const f = flySecret([sent(), 0]);
    for (const at of [delayedAfter + 1, travel + FLIGHT_MS.fade - 1]) expect(envelopesAt(f, at).every((e) => !e.delayed)).toBe(true);
  });

  it('forgets it once it has faded', () => {
    const f = flySecret([sent(), 0]);
    expect(pruneFlights(f, travel + FLIGHT_MS.fade - 1)).toHaveLength(1);
    expect(pruneFlights(f, travel + FLIGHT_MS.fade)).toEqual([]);
  });

  it('still flies the partner’s segments in from the middle, in the partner’s colour', () => {
    const f = flySecret([{ kind: 'delivered', t: 0, id: 's4', to: 'client', segment: SYN }, 5000]);
    expect(f[0]).toMatchObject({ from: 'server', origin: 'player' });
    expect(envelopesAt(f, 5000)[0]).toMatchObject({ phase: 'inbound', progress: 0.5 });
    expect(envelopesAt(f, 5000 + travel + 1)[0]).toMatchObject({ phase: 'arrived' });
  });

  it('keeps every fate visible when the host shows losses (no secret)', () => {
    const f = fly([sent(), 0], [lost(), 2000]);
    expect(f[0]?.secret).toBeUndefined();
    expect(envelopesAt(f, 2000 + burst / 2)[0]?.phase).toBe('burst');
  });
});
