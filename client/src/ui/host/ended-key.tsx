import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/ui';

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
 * the review later, and this browser no longer keeps it (the caller has forgotten it). The focus
 * goes to its Copy button when it appears.
 */
export function EndedKeyCard({ code, hostKey }: { code: string; hostKey: string }) {
  const input = useRef<HTMLInputElement>(null);
  const copy = useRef<HTMLButtonElement>(null);
  const [how, setHow] = useState<'copied' | 'selected' | null>(null);
  useLayoutEffect(() => copy.current?.focus(), []);
  return (
    <section class="card ended-key-card" aria-labelledby="ended-key-heading" data-testid="host-key-card">
      <h2 id="ended-key-heading">{t('ended.keyHeading')}</h2>
      <p id="ended-key-note">{t('ended.keyNote')}</p>
      <div class="field">
        <label for="ended-host-key">{t('ended.keyLabel', { code })}</label>
        <div class="ended-key-row">
          {/* A click in the field selects the whole key (it is one word to copy, never to edit). */}
          <input ref={input} type="text" readOnly value={hostKey} id="ended-host-key" class="mono ended-key" spellcheck={false} autocomplete="off"
            data-testid="ended-host-key" aria-describedby="ended-key-note" onFocus={(e) => e.currentTarget.select()} />
          <button ref={copy} type="button" class="primary" data-testid="copy-host-key"
            onClick={() => {
              // Emptied first: each click is answered anew (a screen reader hears it again).
              setHow(null);
              if (input.current) void copyField(input.current).then(setHow);
            }}>
            {t('ended.copy')}
          </button>
        </div>
      </div>
      <p class="copy-status" role="status" data-testid="copy-status">{how ? t(how === 'copied' ? 'ended.copied' : 'ended.copyManual') : ''}</p>
      <div class="actions">
        <a href={`/review.html?code=${encodeURIComponent(code)}`} target="_blank" rel="noopener" class="button">{t('host.review')}</a>
      </div>
    </section>
  );
}
