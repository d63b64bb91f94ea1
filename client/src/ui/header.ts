import { getLang, LANGS, onLang, setLang, t } from '../i18n/ui';
import { h, ht, tr } from './dom';

/** The page's top bar: the game's name (the page's h1, a link home) and the language switch. */
export function header(): HTMLElement {
  const button = tr(h('button', { type: 'button', class: 'lang-switch', 'data-testid': 'lang-switch' }), 'lang.switch');
  tr(button, 'lang.switchLabel', undefined, 'aria-label');
  const mark = () => button.setAttribute('lang', getLang() === 'en' ? 'zh-CN' : 'en');
  mark();
  onLang(mark);
  button.addEventListener('click', () => {
    const next = LANGS[(LANGS.indexOf(getLang()) + 1) % LANGS.length] ?? 'en';
    setLang(next);
  });
  const home = h('a', { href: '/', class: 'brand', 'data-testid': 'home-link' }, t('app.title'));
  return h('header', { class: 'topbar' }, h('h1', { class: 'brand-heading' }, home), ht('span', 'app.tagline', { class: 'tagline' }), button);
}
