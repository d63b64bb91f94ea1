import type { ComponentChildren } from 'preact';

/**
 * A labelled form field: `<label for={id}>`, the control (which carries `id`, and
 * `aria-describedby={id}-hint` when there is a hint), then the hint.
 */
export function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint !== undefined ? <small id={`${id}-hint`} class="hint">{hint}</small> : null}
    </div>
  );
}
