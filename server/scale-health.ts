import type { EventEmitter } from 'node:events';
import { matchMaker, type RedisDriver, type RedisPresence } from 'colyseus';
import type { ClassRoom } from './rooms/ClassRoom';

/**
 * Scale-out with a Redis that restarts (SECURITY.md, "Crashes and restarts"). The classes of a
 * process live in the process, so their rounds go on while Redis is away; but Redis keeps the
 * matchmaking listing, and a Redis restarted without persistence has forgotten every class, so
 * no student could join or come back any more. When the connection is back, every class alive
 * in this process is listed again, and the process's statistics are written again.
 *
 * ioredis reconnects by itself; without an 'error' listener it prints a stack trace per retry.
 * One line is logged when the connection is lost and one when it is back.
 */
export function watchRedis(presence: RedisPresence, driver: RedisDriver, rooms: Set<ClassRoom>, log: (line: string) => void): void {
  const internals = [(driver as unknown as { _client: EventEmitter })._client, (presence as unknown as { pub: EventEmitter }).pub, (presence as unknown as { sub: EventEmitter }).sub];
  let lost = false;
  for (const c of internals) {
    c.on('error', (e: Error & { code?: string }) => {
      if (lost) return;
      lost = true;
      log(`redis: connection lost (${e.code ?? e.name}); classes in this process go on, joins wait`);
    });
  }
  internals[0]?.on('ready', () => {
    if (!lost) return;
    lost = false;
    void (async () => {
      let listed = 0;
      for (const room of rooms) {
        try {
          await room.listing.save();
          listed += 1;
        } catch {
          /* the connection went again: the next 'ready' lists it */
        }
      }
      await matchMaker.stats.persist().catch(() => undefined);
      log(`redis: back; ${listed} class(es) of this process listed again`);
    })();
  });
}
