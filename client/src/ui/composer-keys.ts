import type { Flag } from '../../../shared/index';

/** The composer's flag keys: the first letter of each flag (the list on screen says them: composer.keys). */
export const FLAG_KEYS: Readonly<Record<string, Flag>> = { s: 'SYN', a: 'ACK', f: 'FIN', r: 'RST', p: 'PSH' };

/** Where a key was pressed in the composer: a number field, a button (flags, Send, Declare), the state list. */
export type KeyPlace = 'number' | 'button' | 'select' | 'other';

export type KeyAction = { kind: 'flag'; flag: Flag } | { kind: 'send' } | null;

/**
 * What a key press in the composer does (null: what the control does anyway). A flag's letter
 * switches it from a button or a number field (whose only text is digits, so typing numbers is
 * untouched); never in the state list, where letters choose a state, never with Ctrl, Alt or ⌘
 * (Ctrl+A, copy, paste…), never while an input method composes. Ctrl+Enter (⌘+Enter) sends from
 * anywhere in the form; a plain Enter in a number field sends by itself (the form's submit).
 */
export function composerKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'isComposing'>, place: KeyPlace): KeyAction {
  if (e.isComposing) return null;
  if (e.key === 'Enter') return (e.ctrlKey || e.metaKey) && !e.altKey ? { kind: 'send' } : null;
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (place !== 'number' && place !== 'button') return null;
  const flag = FLAG_KEYS[e.key.toLowerCase()];
  return flag && e.key.length === 1 ? { kind: 'flag', flag } : null;
}

function placeOf(el: EventTarget | null): KeyPlace {
  if (el instanceof HTMLInputElement) return el.inputMode === 'numeric' ? 'number' : 'other';
  if (el instanceof HTMLButtonElement) return 'button';
  if (el instanceof HTMLSelectElement) return 'select';
  return 'other';
}

/**
 * The composer form's keydown handler: `toggle` a flag, or submit the form (its Send). Given to
 * the form as its `onKeyDown`.
 */
export function onComposerKey(ev: KeyboardEvent, toggle: (f: Flag) => void): void {
  const action = composerKey(ev, placeOf(ev.target));
  if (!action) return;
  ev.preventDefault();
  if (action.kind === 'flag') toggle(action.flag);
  else (ev.currentTarget as HTMLFormElement | null)?.requestSubmit();
}
