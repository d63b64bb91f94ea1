/**
 * Focus after a screen change: the first useful control of what just appeared. A screen's element
 * may not be in the document yet when it is built (main.ts mounts it a moment later), so this
 * waits for it, a few frames at most, and gives up if something else took the focus meanwhile.
 */
export function focusWhenShown(el: HTMLElement | null | undefined, tries = 30): void {
  if (!el) return;
  const before = document.activeElement;
  const attempt = (left: number) => {
    // Someone (the player, another screen) moved the focus on purpose meanwhile: leave it there.
    if (document.activeElement !== before && document.activeElement !== document.body && document.activeElement !== null) return;
    if (el.isConnected && !el.closest('[hidden]')) {
      el.focus({ preventScroll: false });
      return;
    }
    if (left > 0) requestAnimationFrame(() => attempt(left - 1));
  };
  attempt(tries);
}
