import { Subscriptions } from '../../bus';
import { pairName } from '../../i18n/plural';
import { getLang, onLang, t, type TextKey } from '../../i18n/ui';
import { failureText } from '../errors';
import { h, ht, replace } from '../dom';
import type { ServerEvents } from '../../net/events';
import { Session } from '../../net/session';
import type { AppCtx, Screen } from '../screen';
import { claimHostSeat } from './claim';
import { Controls } from './controls';
import { endedKeyCard } from './ended-key';
import { joinInfo } from './join-info';
import { faultLabel, PairGrid } from './pair-grid';
import { Roster } from './roster';
import { SettingsForm } from './settings';

/**
 * The instructor's dashboard: join info to share, round controls, settings, roster and pairs, and
 * the live grid of pairs with fault injection. Reclaims the class after a refresh with the
 * reconnection token or the host key kept in this browser. When this tab ends the class, the host
 * key is shown once and forgotten (a projector or another tab of the class shows nothing of it).
 */
export function dashboard(ctx: AppCtx, code: string): Screen {
  const subs = new Subscriptions();
  const notice = h('p', { class: 'host-notice', role: 'status', 'aria-live': 'polite', 'data-testid': 'host-notice' });
  const body = h('div', { class: 'host-body' }, ht('p', 'host.reclaiming', { class: 'muted' }, { code }));
  const el = h('main', { class: 'host' }, ht('h1', 'host.dashboard'), notice, body);
  let noticeText: () => string = () => '';
  const say = (fn: () => string) => {
    noticeText = fn;
    notice.textContent = fn();
  };
  subs.add(onLang(() => (notice.textContent = noticeText())));
  const parts: { dispose(): void }[] = [];

  void claimHostSeat(ctx, code, 'host').then((res) => {
    if ('failure' in res) {
      const f = res.failure;
      return replace(body, h('p', { class: 'error', role: 'alert', 'data-testid': 'host-error', text: f ? failureText(f) : t('err.noHostKey', { code }) }),
        ht('a', 'play.backHome', { href: '/', class: 'button' }));
    }
    const conn = res.seat.conn;
    /** The host key, held from the moment this tab ends the class (a projector tab may forget it first). */
    let endingKey: string | null = null;
    let ended = false;
    const controls = new Controls((command) => {
      if (command === 'endClass') endingKey = Session.hostKey(code) ?? '';
      conn.send(command);
    });
    const settings = new SettingsForm((config) => {
      conn.send('configureRound', config);
      pendingSave = true;
    });
    let pendingSave = false;
    /** A class size sent and not yet confirmed by a config. */
    let pendingSize: number | null = null;
    const roster = new Roster({
      setPairs: (pairs) => {
        if (conn.send('setPairs', { pairs })) say(() => t('host.pairsSaved'));
      },
      rename: (playerId, nickname) => conn.send('renameStudent', { playerId, nickname }),
      remove: (playerId, block) => conn.send('removeStudent', { playerId, block }),
      setClassSize: (maxStudents) => {
        const sent = conn.send('configureRound', { maxStudents });
        if (sent) pendingSize = maxStudents;
        return sent;
      },
    }, say);
    const grid = new PairGrid({
      inject: (target, injection) => {
        // Said when the server has set it (faultInjected), not when it is sent.
        conn.send('injectFault', { target, ...injection });
      },
      watch: (pairId) => conn.send('watchPair', { pairId }),
      handToBot: (pairId, side) => {
        if (conn.send('handToBot', { pairId, side })) say(() => t('host.handedToBot', { side: t(side === 'client' ? 'side.client' : 'side.server'), pair: pairName(pairId, getLang()) }));
      },
      endRound: () => conn.send('endRound'),
    });
    parts.push(controls, settings, roster, grid);
    const projector = ht('a', 'host.projector', { href: `#projector=${code}`, target: '_blank', rel: 'noopener', class: 'button', 'data-testid': 'open-projector' });
    const review = ht('a', 'host.review', { href: `/review.html?code=${encodeURIComponent(code)}`, target: '_blank', rel: 'noopener', class: 'button', 'data-testid': 'open-review' });
    const keyNote = ht('p', Session.shared ? 'host.keyNoteShared' : 'host.keyNote', { class: 'hint', 'data-testid': 'host-key-note' });
    const share = h('section', { class: 'card share', 'aria-label': t('host.link') }, joinInfo(code, 'small'), h('div', {}, projector, review, keyNote));
    replace(body, share, h('section', { class: 'card' }, controls.el), h('div', { class: 'host-columns' }, settings.el, roster.el), grid.el);

    /** When the latest dashboard arrived (its waiting times are counted on from then). */
    let dashboardAt = performance.now();
    const showDashboard = (d: ServerEvents['dashboard']) => {
      grid.show(d.pairs, {
        allDone: d.allDone === true, autoEnd: ctx.latest.config?.autoEnd ?? true, phase: ctx.latest.state?.phase ?? 'running', receivedAt: dashboardAt,
      });
      // The round timer: the longest any pair of this round has run (they all start together).
      const times = d.pairs.map((p) => p.elapsedMs).filter((x): x is number => x !== undefined);
      controls.showElapsed(times.length > 0 ? Math.max(...times) : null, dashboardAt);
    };
    let phase = '';
    let shownRound = -1;
    const showScenario = () => {
      const s = ctx.latest.state;
      const live = s?.phase === 'running' || s?.phase === 'paused';
      controls.showScenario((live ? s?.scenario : ctx.latest.config?.scenario ?? s?.scenario) ?? '');
    };
    let watched: string | null = null;
    const showState = () => {
      const s = ctx.latest.state;
      if (!s) return;
      controls.show(s.round, s.phase);
      showScenario();
      roster.show(s);
      // A new round: what was said of the last one (a fault set, a seat handed over) is old news.
      if (s.phase === 'running' && s.round !== shownRound && shownRound !== -1 && !ended) say(() => '');
      if (s.phase === 'running') shownRound = s.round;
      if (shownRound === -1) shownRound = s.round;
      // "On the projector" is the class's watched pair, the same the projector's selector shows.
      if (s.watched !== watched) grid.markWatched(s.watched);
      watched = s.watched;
      // The grid counts waiting seats only while a round runs.
      if (s.phase !== phase && ctx.latest.dashboard) showDashboard(ctx.latest.dashboard);
      phase = s.phase;
    };
    showState();
    if (ctx.latest.config) {
      settings.show(ctx.latest.config);
      roster.showConfig(ctx.latest.config);
    }
    if (ctx.latest.dashboard) showDashboard(ctx.latest.dashboard);
    subs.add(ctx.bus.on('state', showState));
    subs.add(ctx.bus.on('config', (c) => {
      settings.show(c);
      showScenario();
      roster.showConfig(c);
      if (pendingSave) settings.saved();
      pendingSave = false;
      if (pendingSize !== null && c.maxStudents === pendingSize) {
        const n = pendingSize;
        say(() => t('roster.classSizeSaved', { n }));
        pendingSize = null;
      }
      if (ctx.latest.dashboard) showDashboard(ctx.latest.dashboard);
    }));
    subs.add(ctx.bus.on('dashboard', (d) => {
      dashboardAt = performance.now();
      showDashboard(d);
    }));
    subs.add(ctx.bus.on('faultInjected', (f) => {
      // The button on each card it was set on says armed now; the line says it in words.
      grid.faultSet(f.target, f);
      say(() => t('host.faultSet', { what: faultLabel(f), target: f.target === 'all' ? t('host.allPairs') : pairName(f.target, getLang()) }));
    }));
    subs.add(ctx.bus.on('error', (e) => {
      say(() => e.message[getLang()]);
      if (e.intent === 'renameStudent' || e.intent === 'removeStudent') return roster.refused(e.intent, e.message);
      if (e.intent !== 'configureRound') return;
      // A refusal of the class size alone goes next to its field; one of the settings form's, to the form.
      if (pendingSize !== null && !pendingSave) {
        pendingSize = null;
        return roster.refused(e.intent, e.message);
      }
      pendingSize = null;
      // Refused settings: the reasons (both languages) go next to their fields.
      pendingSave = false;
      settings.refused(e.issues ?? []);
    }));
    subs.add(ctx.bus.on('connection', (c) => {
      // Once the class has ended, the closed connection is expected, not news.
      if (ended) return;
      const key: TextKey | null = c.status === 'reconnecting' ? 'conn.reconnecting' : c.status === 'closed' ? 'conn.closed' : null;
      if (key) say(() => t(key));
    }));
    subs.add(ctx.bus.on('classEnded', (c) => {
      ended = true;
      say(() => t('play.classEnded'));
      // The end-of-class screen: nothing left to start or inject, the way to the review instead.
      // The class's round number is the last round started (0 before any).
      const rounds = ctx.latest.state?.round ?? 0;
      controls.show(ctx.latest.state?.round ?? 0, 'ended');
      for (const part of body.children) (part as HTMLElement).hidden = true;
      const heading = ht('h2', 'host.classOver', { id: 'class-over-heading', tabindex: '-1' });
      const over = h('section', { class: 'card class-over', 'aria-labelledby': 'class-over-heading', 'data-testid': 'host-class-ended' },
        heading,
        ht('p', 'host.classOverNote', { 'data-testid': 'class-over-note' }, { n: rounds }),
        h('div', { class: 'actions' },
          ht('a', 'host.review', { href: `/review.html?code=${encodeURIComponent(code)}`, target: '_blank', rel: 'noopener', class: 'button primary', 'data-testid': 'class-over-review' }),
          ht('a', 'host.classOverNewClass', { href: '/', class: 'button' })));
      body.prepend(over);
      const key = c.reason === 'host' ? endingKey : null;
      if (key === null) return void heading.focus();
      // This tab ended the class: the key once, for the review later; then this browser forgets it.
      endingKey = null;
      Session.forgetHostKey(code);
      keyNote.hidden = true;
      if (!key) return void heading.focus();
      const card = endedKeyCard(code, key);
      over.after(card);
      card.querySelector<HTMLElement>('[data-testid="copy-host-key"]')?.focus();
    }));
  });

  return {
    el,
    dispose: () => {
      subs.dispose();
      for (const p of parts) p.dispose();
      if (ctx.seat?.role === 'host') {
        ctx.seat.conn.leave();
        ctx.seat = null;
      }
    },
  };
}
