/**
 * A ref for an element a Preact panel draws with no children of its own: it holds `nodes`, the
 * elements of panels that draw themselves (another panel's root, the scene's canvas box). Preact
 * leaves children it did not make alone. Nodes already in place are not moved again, so the one
 * that has the keyboard focus keeps it.
 */
export function holding(...nodes: Node[]): (el: HTMLElement | null) => void {
  return (el) => {
    if (!el) return;
    const same = el.childNodes.length === nodes.length && nodes.every((n, i) => el.childNodes[i] === n);
    if (!same) el.replaceChildren(...nodes);
  };
}
