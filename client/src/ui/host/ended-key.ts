import { h, ht, tr } from '../dom';

/**
 * Copy the text of `input`: with the clipboard API where the page may use it (a secure context:
 * https or localhost); else — a school server on plain http — the text is selected and the
 * browser's own copy command tried, so at worst the host presses Ctrl+C on a selected key.
 */
export async function copyField(input: HTMLInputElement): Promise<'copied' | 'selected'> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(input.value);
      return 'copied';
    }
  } catch {
    /* refused (no permission, no focus): select it instead */
  }
  input.focus();
  input.select();
  input.setSelectionRange(0, input.value.length);
  try {
    if (document.execCommand('copy')) return 'copied';
  } catch {
    /* no copy command either: the selection stays for Ctrl+C */
  }
  return 'selected';
}

/**
 * The host key of a class that has just ended in this tab, shown once: the host needs it to open
 * the review later, and this browser no longer keeps it (the caller has forgotten it).
 */
export function endedKeyCard(code: string, key: string): HTMLElement {
  const input = h('input', {
    type: 'text', readonly: true, value: key, id: 'ended-host-key', class: 'mono ended-key', spellcheck: 'false', autocomplete: 'off',
    'data-testid': 'ended-host-key', 'aria-describedby': 'ended-key-note',
  });
  const status = h('p', { class: 'copy-status', role: 'status', 'data-testid': 'copy-status' });
  const copy = ht('button', 'ended.copy', { type: 'button', class: 'primary', 'data-testid': 'copy-host-key' });
  copy.addEventListener('click', () => {
    void copyField(input).then((how) => tr(status, how === 'copied' ? 'ended.copied' : 'ended.copyManual'));
  });
  // A click in the field selects the whole key (it is one word to copy, never to edit).
  input.addEventListener('focus', () => input.select());
  const review = ht('a', 'host.review', { href: `/review.html?code=${encodeURIComponent(code)}`, target: '_blank', rel: 'noopener', class: 'button' });
  return h('section', { class: 'card ended-key-card', 'aria-labelledby': 'ended-key-heading', 'data-testid': 'host-key-card' },
    ht('h2', 'ended.keyHeading', { id: 'ended-key-heading' }),
    ht('p', 'ended.keyNote', { id: 'ended-key-note' }),
    h('div', { class: 'field' }, ht('label', 'ended.keyLabel', { for: input.id }, { code }),
      h('div', { class: 'ended-key-row' }, input, copy)),
    status,
    h('div', { class: 'actions' }, review));
}
