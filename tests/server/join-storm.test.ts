import { Client, type Room } from 'colyseus.js';
import { describe, expect } from 'vitest';
import { RemoteHost } from '../support/bots/remote-host';
import { serverTest, until } from './helpers';

const it = serverTest();


describe('a join storm', () => {
  it('seats all 60 students who join one class within one second', async ({ app }) => {
    const host = await RemoteHost.create(new Client(app.url), app.url);
    const rooms: Room[] = [];
    const started = Date.now();
    // Sixty browsers, each its own colyseus.js client, spread over one second.
    const joins = Array.from({ length: 60 }, (_, i) =>
      new Promise<Room>((resolve, reject) => {
        setTimeout(() => {
          new Client(app.url).joinById(host.code, { nickname: `学生${i + 1}` }).then(resolve, reject);
        }, Math.floor((i * 1000) / 60));
      }),
    );
    const results = await Promise.allSettled(joins);
    for (const r of results) if (r.status === 'fulfilled') rooms.push(r.value);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(rooms).toHaveLength(60);
    await until(() => host.room.state.players?.size === 60 && [...host.room.state.players.values()].every((p: { connected: boolean }) => p.connected), 'all 60 seated in the synced state', 15_000);
    const nicknames = new Set([...host.room.state.players.values()].map((p: { nickname: string }) => p.nickname));
    expect(nicknames.size).toBe(60);
    expect(Date.now() - started).toBeLessThan(15_000);
    await Promise.all(rooms.map((r) => r.leave()));
    await host.leave();
  });
});
