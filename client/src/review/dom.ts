/** Tiny DOM helpers for the review page (no framework: the page is a handful of panels). */
export { h, type Child } from '../ui/dom';

type Attrs = Record<string, string | number | boolean | null | undefined>;

const NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and an optional text. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  if (text !== undefined) el.textContent = text;
  return el;
}

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
