/** Tiny DOM helpers for the review page (no framework: the page is a handful of panels). */
export { h, type Child } from '../ui/dom';

export { s } from '../ladder/svg';

/** The data-testid of the focused element under `root`, to focus its successor after a re-render. */
export function focusedTestId(root: ParentNode = document): string | null {
  const el = document.activeElement;
  return el && root.contains(el) ? el.getAttribute('data-testid') : null;
}

export function refocus(testId: string | null, root: ParentNode = document): void {
  if (!testId) return;
  const el = root.querySelector<HTMLElement | SVGElement>(`[data-testid="${CSS.escape(testId)}"]`);
  el?.focus({ preventScroll: true });
}
