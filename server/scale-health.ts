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
 * A connection counts as lost as soon as ioredis plans to reconnect ('reconnecting', which a
 * deliberate quit never emits), even if the first new attempt succeeds (a Redis restarted or
 * failed over within ioredis's first retry delay raises no error, and has forgotten the classes
 * all the same). One line is logged when the connection is lost and one when it is back.
 * Nothing here may throw: it runs outside any request, where an error would end the process.
 */
export function watchRedis(presence: RedisPresence, driver: RedisDriver, rooms: Set<ClassRoom>, log: (line: string) => void): void {
  const internals = [(driver as unknown as { _client: EventEmitter })._client, (presence as unknown as { pub: EventEmitter }).pub, (presence as unknown as { sub: EventEmitter }).sub];
  // ioredis fails a command that waited through 20 reconnection attempts (about 10 s). Colyseus
  // does not catch those failures (a leave's bookkeeping, the statistics): an outage of more
  // than 10 s would end the process and all its classes, through the uncaught-exception
  // shutdown. Commands wait for the connection instead, however long it takes.
  for (const c of internals) (c as unknown as { options: { maxRetriesPerRequest: number | null } }).options.maxRetriesPerRequest = null;
  let lost = false;
  const lose = (why: string) => {
    if (lost) return;
    lost = true;
    log(`redis: connection lost (${why}); classes in this process go on, joins wait`);
  };
  for (const c of internals) {
    c.on('error', (e: Error & { code?: string }) => lose(e.code ?? e.name));
    c.on('reconnecting', () => lose('closed'));
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
      try {
        // persist() returns nothing when it only schedules a write (throttled) or shuts down: force it.
        await matchMaker.stats.persist(true);
      } catch {
        /* written again by the next join or leave */
      }
      log(`redis: back; ${listed} class(es) of this process listed again`);
    })().catch(() => undefined);
  });
}
