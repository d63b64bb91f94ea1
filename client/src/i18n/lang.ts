import { signal } from '@preact/signals';
import { LANGS, type Lang } from '../../../shared/i18n/index';

/**
 * The page's language, one signal, on its own so that the text tables and their lookups stay free
 * of Preact (the review's import worker reads no language at all). A Preact panel that calls
 * `t()` while it renders reads this signal, so a switch re-renders that panel.
 */
export const lang = signal<Lang>('en');

const STORAGE_KEY = 'synack.lang';

/** The language of a first visit: the stored choice, else Chinese for any zh* browser language, else English. */
export function detectLang(stored: string | null, browserLangs: readonly string[]): Lang {
  if (stored && (LANGS as readonly string[]).includes(stored)) return stored as Lang;
  for (const l of browserLangs) {
    if (/^zh\b/i.test(l)) return 'zh-CN';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}

/** Read the remembered or browser language (call once at boot). */
export function initLang(): Lang {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    /* storage may be blocked */
  }
  const l = detectLang(stored, navigator.languages?.length ? navigator.languages : [navigator.language]);
  document.documentElement.lang = l;
  lang.value = l;
  return l;
}

export function getLang(): Lang {
  return lang.value;
}

/** Switch the language now, remember it, and tell every watcher. */
export function setLang(l: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* not remembered, still switched */
  }
  document.documentElement.lang = l;
  lang.value = l;
}
