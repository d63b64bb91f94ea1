import './zod-config';
import './style.css';
import { effect, signal } from '@preact/signals';
import { Bus } from './bus';
import { initLang, t } from './i18n/ui';
import type { AppEvents } from './net/events';
import { Session } from './net/session';
import { parseRoute, routeHash, type Route } from './route';
import { header, landing, type AppCtx, type Screen } from './ui/index';
import { foldCheck } from './ui/check-model';
import { learnScenarios } from './scenarios';

/** Boot: language, the app-wide bus, and the router between screens (by URL hash). */
initLang();
// Replay tokens whose end has passed open nothing any more: the browser need not keep them.
Session.dropExpiredReplayTokens(Date.now());
const bus = new Bus<AppEvents>();

const ctx: AppCtx = { bus, go, seat: null, latest: {}, notice: null };
bus.on('state', (s) => (ctx.latest.state = s));
bus.on('config', (c) => (ctx.latest.config = c));
bus.on('dashboard', (d) => (ctx.latest.dashboard = d));
bus.on('checkOpened', (m) => (ctx.latest.check = foldCheck(ctx.latest.check, { type: 'checkOpened', m })));
bus.on('checkAnswered', (m) => (ctx.latest.check = foldCheck(ctx.latest.check, { type: 'checkAnswered', m })));
bus.on('checkClosed', (m) => (ctx.latest.check = foldCheck(ctx.latest.check, { type: 'checkClosed', m })));
bus.on('checkStatus', (m) => (ctx.latest.checkStatus = m));
bus.on('checkResults', (m) => (ctx.latest.checkResults = m));
// The class's own scenarios (issue 16), for every host panel that names a scenario.
bus.on('scenarios', (m) => learnScenarios(m.list));

/** The class code in the page's title (none on the start page and in homework). */
const titleCode = signal('');
effect(() => {
  document.title = `${t('app.title')}${titleCode.value ? ` · ${titleCode.value}` : ''}`;
});

/** A one-line paragraph in the outlet while a screen loads, or when it could not. */
function note(cls: string, role: string, text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = cls;
  p.setAttribute('role', role);
  p.textContent = text;
  return p;
}

const outlet = document.createElement('div');
outlet.id = 'screen';
document.getElementById('app')?.replaceChildren(header(), outlet);

let current: Screen | null = null;
let currentKey = '';

/** The landing page is in the first chunk; every other screen is loaded when it is opened. */
function mount(route: Route): Screen | Promise<Screen> {
  switch (route.name) {
    case 'landing':
      return landing(ctx, route.code);
    case 'play':
      return import('./ui/student').then((m) => m.student(ctx, route.code));
    case 'host':
      return import('./ui/host/dashboard').then((m) => m.dashboard(ctx, route.code));
    case 'projector':
      return import('./ui/projector').then((m) => m.projector(ctx, route.code));
    case 'homework':
      return import('./ui/homework').then((m) => m.homework(ctx));
  }
}

function render(): void {
  const route = parseRoute(location.search, location.hash);
  const key = JSON.stringify(route);
  if (key === currentKey) return;
  currentKey = key;
  current?.dispose();
  if (route.name === 'landing' || route.name === 'homework') ctx.latest = {};
  current = null;
  const mounted = mount(route);
  const show = (screen: Screen) => {
    // The route may have changed while the screen's code was loading.
    if (currentKey !== key) return screen.dispose();
    current = screen;
    outlet.replaceChildren(screen.el);
  };
  if (mounted instanceof Promise) {
    outlet.replaceChildren(note('loading', 'status', '…'));
    mounted.then(show, (e: unknown) => {
      console.error(e);
      outlet.replaceChildren(note('error', 'alert', t('err.unknown', { message: String(e) })));
    });
  } else show(mounted);
  titleCode.value = 'code' in route && route.code ? route.code : '';
}

function go(route: Route): void {
  const hash = routeHash(route);
  history.pushState(null, '', hash ? `/${hash}` : '/');
  render();
}

window.addEventListener('hashchange', render);
window.addEventListener('popstate', render);
render();
