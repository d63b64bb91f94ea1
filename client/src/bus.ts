/**
 * A small typed event bus: the one way the network layer, the homework runner, the DOM panels and
 * the Phaser scenes talk to each other (STYLE.md: "a typed event bus joins DOM panels and scenes").
 */
export type Listener<T> = (payload: T) => void;

export class Bus<Events extends Record<string, unknown>> {
  private listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Listen to one event type; returns the function that stops listening. */
  on<K extends keyof Events>(type: K, fn: Listener<Events[K]>): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(fn as Listener<never>);
    return () => set.delete(fn as Listener<never>);
  }

  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    const set = this.listeners.get(type);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        (fn as Listener<Events[K]>)(payload);
      } catch (e) {
        // One broken panel must not stop the others from hearing the event.
        console.error(`listener of ${String(type)} failed`, e);
      }
    }
  }

  /** Drop every listener (a screen is unmounted). */
  clear(): void {
    this.listeners.clear();
  }
}

/** Collects the unsubscribe functions of one screen so that it can let go of all of them at once. */
export class Subscriptions {
  private offs: (() => void)[] = [];
  add(off: () => void): void {
    this.offs.push(off);
  }
  dispose(): void {
    for (const off of this.offs.splice(0)) off();
  }
}
