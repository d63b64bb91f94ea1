/**
 * One Tab stop for a long list of buttons (the review's rounds and pairs): the chosen one (else
 * the first) is in the Tab order, the others are reached with ↑ ↓ (or ← →), Home and End. So the
 * keyboard goes from the list to the replay in one Tab, not one per pair.
 */
export function rovingButtons(root: HTMLElement, selector: string): void {
  const buttons = [...root.querySelectorAll<HTMLElement>(selector)];
  const current = buttons.find((b) => b.getAttribute('aria-pressed') === 'true') ?? buttons[0];
  for (const b of buttons) b.tabIndex = b === current ? 0 : -1;
  root.addEventListener('keydown', (e) => {
    const i = buttons.indexOf(e.target as HTMLElement);
    if (i < 0) return;
    const next = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? buttons[Math.min(buttons.length - 1, i + 1)]
      : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? buttons[Math.max(0, i - 1)]
        : e.key === 'Home' ? buttons[0]
          : e.key === 'End' ? buttons[buttons.length - 1]
            : undefined;
    if (!next) return;
    e.preventDefault();
    for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
    next.focus();
  });
}
