import { describe, expect, it } from 'vitest';
import { ENVELOPE_GAP, envelopeX, placeEnvelopes, sceneGeometry } from '../../client/src/view/geometry';
import type { EnvelopeView } from '../../client/src/view/flights';

const env = (id: string, from: 'client' | 'server', progress: number, sentAt = 0): EnvelopeView => ({
  key: `${id}#0`, id, from, segment: { flags: ['ACK'], seq: 1, ack: 1, len: 0 }, progress, phase: 'waiting', alpha: 1, scale: 1, copy: 0, delayed: false, sentAt, origin: 'player',
});

describe('round scene geometry', () => {
  it('puts the client on the left and the server on the right, inside the canvas', () => {
    for (const [w, h] of [[375, 200], [1200, 320]] as const) {
      const g = sceneGeometry(w, h);
      expect(g.hosts.client.x).toBeLessThan(g.hosts.server.x);
      expect(g.hosts.client.x - g.hosts.client.w / 2).toBeGreaterThanOrEqual(0);
      expect(g.hosts.server.x + g.hosts.server.w / 2).toBeLessThanOrEqual(w);
      expect(g.ringsY).toBeLessThan(h);
    }
  });

  it('uses a smaller font and margins on a phone', () => {
    expect(sceneGeometry(375, 200).narrow).toBe(true);
    expect(sceneGeometry(1000, 320).narrow).toBe(false);
    expect(sceneGeometry(375, 200).fontPx).toBeLessThan(sceneGeometry(1000, 320).fontPx);
  });

  it('moves an envelope from its sender to the receiver along its own lane', () => {
    const g = sceneGeometry(800, 320);
    const [start] = placeEnvelopes([env('a', 'client', 0)], g);
    const [end] = placeEnvelopes([env('a', 'client', 1)], g);
    const [back] = placeEnvelopes([env('b', 'server', 0)], g);
    expect(start!.x).toBe(g.edge.client);
    expect(end!.x).toBe(g.edge.server);
    expect(back!.x).toBe(g.edge.server);
    expect(start!.y).toBe(g.lanes.client);
    expect(back!.y).toBe(g.lanes.server);
  });

  it('stacks envelopes of one lane away from the centre so their labels do not overlap', () => {
    const g = sceneGeometry(800, 320);
    const placed = placeEnvelopes([env('a', 'client', 0.5, 0), env('b', 'client', 0.5, 10), env('c', 'server', 0.5, 5), env('d', 'server', 0.5, 6)], g);
    const y = Object.fromEntries(placed.map((p) => [p.id, p.y]));
    expect(y.b! - y.a!).toBeLessThanOrEqual(-g.envelopeH);
    expect(y.d! - y.c!).toBeGreaterThanOrEqual(g.envelopeH);
  });

  it('never stacks an envelope out of the canvas', () => {
    const g = sceneGeometry(375, 200);
    const many = Array.from({ length: 6 }, (_, i) => env(`e${i}`, 'client', 0.5, i));
    for (const p of placeEnvelopes(many, g)) {
      expect(p.y - g.envelopeH / 2).toBeGreaterThanOrEqual(0);
      expect(p.y + g.envelopeH / 2).toBeLessThanOrEqual(g.height);
    }
  });
});

describe('an envelope card and the host boxes', () => {
  // Half-widths of real cards: a phone's three short lines, a wide "SYN ACK seq=4294967295 ack=…" line, a "lost" tag on a burst (×2).
  const halves = [30, 53, 90, 140];
  const sizes = [[390, 260], [560, 300], [1280, 420], [1920, 520]] as const;

  it('never covers a host box, leaving or arriving, on a phone or a projector', () => {
    for (const [w, h] of sizes) {
      const g = sceneGeometry(w, h);
      const clientRight = g.hosts.client.x + g.hosts.client.w / 2;
      const serverLeft = g.hosts.server.x - g.hosts.server.w / 2;
      for (const halfW of halves) {
        if (2 * halfW + 2 * ENVELOPE_GAP > serverLeft - clientRight) continue;
        for (const from of ['client', 'server'] as const) {
          for (let i = 0; i <= 20; i++) {
            const x = envelopeX(from, i / 20, halfW, g);
            expect(x - halfW, `${w}×${h} ${from} ${i / 20} ±${halfW}`).toBeGreaterThanOrEqual(clientRight + ENVELOPE_GAP);
            expect(x + halfW, `${w}×${h} ${from} ${i / 20} ±${halfW}`).toBeLessThanOrEqual(serverLeft - ENVELOPE_GAP);
          }
        }
      }
    }
  });

  it('leaves from its sender and arrives at the other host, moving one way only', () => {
    const g = sceneGeometry(1280, 420);
    const xs = [0, 0.25, 0.5, 0.75, 1].map((p) => envelopeX('client', p, 60, g));
    expect(xs[0]).toBe(g.edge.client + 60 + ENVELOPE_GAP);
    expect(xs[4]).toBe(g.edge.server - 60 - ENVELOPE_GAP);
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
    // The server's envelopes mirror the client's: the midpoint is the same for both.
    expect(envelopeX('server', 0, 60, g)).toBe(xs[4]);
    expect(envelopeX('server', 0.5, 60, g)).toBeCloseTo(xs[2]!, 6);
  });

  it('keeps a card wider than the gap in the middle of the network', () => {
    const g = sceneGeometry(390, 260);
    const gap = g.edge.server - g.edge.client;
    expect(envelopeX('client', 0, gap, g)).toBe((g.edge.client + g.edge.server) / 2);
  });
});
