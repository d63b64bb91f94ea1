import { render } from 'preact';
import { lang, LANGS, setLang, t } from '../i18n/ui';

function Header() {
  const now = lang.value;
  const next = LANGS[(LANGS.indexOf(now) + 1) % LANGS.length] ?? 'en';
  return (
    <>
      <h1 class="brand-heading"><a href="/" class="brand" data-testid="home-link">{t('app.title')}</a></h1>
      <span class="tagline">{t('app.tagline')}</span>
      {/* Its words are in the language it switches to. */}
      <button type="button" class="lang-switch" data-testid="lang-switch" lang={next} aria-label={t('lang.switchLabel')} onClick={() => setLang(next)}>
        {t('lang.switch')}
      </button>
    </>
  );
}

/** The page's top bar: the game's name (the page's h1, a link home) and the language switch. */
export function header(): HTMLElement {
  const el = document.createElement('header');
  el.className = 'topbar';
  render(<Header />, el);
  return el;
}
