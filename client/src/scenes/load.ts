/**
 * The round scene's code (Phaser with it, its own chunk): fetched once per page, as soon as a
 * screen knows a round will come (the student's lobby, the homework form), so that it is there
 * when the round starts. The chunk's name carries its content hash and the server marks it
 * immutable, so the next visit takes it from the browser's cache.
 */
type SceneModule = typeof import('./game');

let loading: Promise<SceneModule> | null = null;

/** The scene's module; a failed fetch is tried again at the next call. */
export function loadScene(): Promise<SceneModule> {
  loading ??= import('./game').catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

/** Start fetching the scene's code now, without waiting for it (a failure is retried when the round needs it). */
export function preloadScene(): void {
  loadScene().catch(() => undefined);
}
