import { createElement, render as mount } from 'preact';
import type { SeatEvent, Side } from '../../../shared/index';
import { LIVE_GEOMETRY, liveLayout } from '../ladder/live';
import { renderLadder as drawLadder } from '../ladder/svg';
import { Subscriptions } from '../bus';
import { pairName, pluralKey } from '../i18n/plural';
import { getLang, onLang, plural, t, UI_TEXT } from '../i18n/ui';
import type { ClassSnapshot, PlayerSnapshot } from '../net/events';
import { h, ht, replace, tr } from './dom';
import { failureText } from './errors';
import { claimHostSeat } from './host/claim';
import { joinInfo } from './host/join-info';
import { Leaderboard, ranked } from './leaderboard';
import type { AppCtx, Screen } from './screen';

/** The two names over the ladder's lines, outside the scrolling diagram so they stay in view. */
function ladderNames(names: Record<Side, string>): HTMLElement {
  const share = `${((LIVE_GEOMETRY.lines.client / LIVE_GEOMETRY.width) * 100).toFixed(2)}%`;
  const el = h('div', { class: 'ladder-names' }, h('span', { class: 'who client', text: names.client }), h('span', { class: 'who server', text: names.server }));
  // Set through the CSSOM: the page's Content-Security-Policy refuses style attributes.
  el.style.setProperty('--gutter', share);
  return el;
}

/** What the projector shows: how to join (with who has joined), the round's results, or the round being played. */
export type ProjectorView = 'join' | 'results' | 'round';

/**
 * The view the class is in: a round being played shows its watched pair; between rounds, the last
 * round's results (with the names in the lobby); before the first round, how to join.
 */
export function projectorView(s: Pick<ClassSnapshot, 'phase' | 'round'> | undefined): ProjectorView {
  if (s?.phase === 'running' || s?.phase === 'paused') return 'round';
  return (s?.round ?? 0) > 0 || s?.phase === 'ended' ? 'results' : 'join';
}

/**
 * The projector, a host seat of its own (opened with the host key this browser keeps). It follows
 * the class: the join link, QR code and the names of those who joined before the first round; the
 * watched pair's live ladder of the current round (the server's `watched`, the same choice the
 * dashboard marks); between rounds the results (podium and leaderboard) and the lobby's names.
 * A reload gets the watched pair and its ladder from the round's start (the server sends them).
 */
export function projector(ctx: AppCtx, code: string): Screen {
  const subs = new Subscriptions();
  const body = h('div', { class: 'projector-body' }, ht('p', 'host.reclaiming', { class: 'muted' }, { code }));
  const el = h('main', { class: 'projector', 'data-testid': 'projector' }, body);
  let ladder: { pairId: string; round: number; events: SeatEvent[] } = { pairId: '', round: 0, events: [] };
  let redraw = () => undefined as void;
  /** Takes the Preact panels out (their subscriptions to the language go with them). */
  let unmount = () => undefined as void;
  // Listening before the seat is claimed: the ladder comes right after the welcome.
  subs.add(ctx.bus.on('ladder', (l) => {
    if (l.reset) ladder = { pairId: l.pairId, round: l.round, events: [...l.events] };
    else if (l.pairId === ladder.pairId && l.round === ladder.round) ladder = { ...ladder, events: [...ladder.events, ...l.events] };
    else return;
    redraw();
  }));

  void claimHostSeat(ctx, code, 'projector').then((res) => {
    if ('failure' in res) {
      return replace(body, h('p', { class: 'error', role: 'alert', 'data-testid': 'projector-error', text: res.failure ? failureText(res.failure) : t('err.noHostKey', { code }) }));
    }
    const conn = res.seat.conn;
    /** The view the host switched to; forgotten when the class moves on (a round starts or ends). */
    let forced: ProjectorView | null = null;
    let lastView = '';
    let optionsSig = '';
    let lastPodium = '';

    const heading = h('h1', { class: 'projector-title', 'data-testid': 'projector-title' });
    const select = h('select', { 'data-testid': 'projector-pair-select', id: 'projector-pair' });
    select.addEventListener('change', () => conn.send('watchPair', { pairId: select.value || null }));
    const toggle = h('button', { type: 'button', class: 'small', 'data-testid': 'projector-toggle' });
    toggle.addEventListener('click', () => {
      const auto = projectorView(ctx.latest.state);
      // From the join info to the class (before the first round: the leaderboard and the ladder); back again.
      forced = (forced ?? auto) === 'join' ? (auto === 'join' ? 'round' : null) : 'join';
      render();
    });
    const bar = h('div', { class: 'projector-bar' }, heading,
      h('div', { class: 'projector-controls' }, h('div', { class: 'field inline' }, ht('label', 'proj.pairSelect', { for: 'projector-pair' }), select), toggle));

    const names = h('ul', { class: 'projector-names', 'data-testid': 'projector-names', 'aria-labelledby': 'names-heading' });
    const namesBox = h('section', { class: 'names-view' }, h('h2', { id: 'names-heading', class: 'joined', 'data-testid': 'projector-joined' }), names);
    const join = h('section', { class: 'join-view', 'data-testid': 'projector-join' }, joinInfo(code, 'large'));
    const podium = h('ol', { class: 'podium', 'data-testid': 'podium' });
    const resultsBoard = h('div', { class: 'results-board' });
    const results = h('section', { class: 'results-view', 'data-testid': 'projector-results', 'aria-labelledby': 'results-heading' },
      h('h2', { id: 'results-heading', class: 'results-title', 'data-testid': 'results-title' }), podium, resultsBoard);
    const ladderTitle = h('p', { class: 'ladder-title', 'data-testid': 'projector-ladder-title' });
    const ladderHead = h('div', { class: 'ladder-names-box' });
    // It scrolls when the ladder is long: reachable by keyboard, named by the section's heading.
    const ladderBox = h('div', { class: 'ladder-box', tabindex: 0, 'aria-labelledby': 'ladder-heading' });
    const ladderView = h('section', { class: 'ladder-view', 'aria-labelledby': 'ladder-heading', 'data-testid': 'projector-ladder' },
      ht('h2', 'proj.ladder', { id: 'ladder-heading' }), ladderTitle, ladderHead, ladderBox);
    const boardBox = h('div', { class: 'board-box' });
    const board = h('section', { class: 'board-view' }, boardBox, ladderView);
    replace(body, bar, join, namesBox, results, board);

    const pairNames = (s: ClassSnapshot | undefined, pairId: string): Record<Side, string> => {
      const pair = s?.pairs[pairId];
      const name = (id: string | undefined) => (id === 'bot' ? t('play.bot') : (id && s?.players[id]?.nickname) || '?');
      return { client: `${name(pair?.client)} (${t('side.client')})`, server: `${name(pair?.server)} (${t('side.server')})` };
    };

    const renderLadder = () => {
      const s = ctx.latest.state;
      const watched = s?.watched ?? '';
      // Only this round's ladder of the pair the class watches: an older one is never shown as current.
      const current = watched !== '' && ladder.pairId === watched && ladder.round === (s?.round ?? 0);
      ladderView.setAttribute('data-pair', current ? ladder.pairId : '');
      ladderView.setAttribute('data-round', current ? String(ladder.round) : '');
      if (!current) {
        replace(ladderHead);
        replace(ladderTitle);
        return replace(ladderBox, ht('p', watched ? 'proj.ladderComing' : 'proj.noLadder', { class: 'muted' }));
      }
      const n = pairNames(s, ladder.pairId);
      ladderTitle.textContent = t('proj.ladderOf', { n: ladder.round, pair: pairName(ladder.pairId, getLang()) });
      replace(ladderHead, ladderNames(n));
      const layout = liveLayout(ladder.events);
      replace(ladderBox, drawLadder({
        layout, step: layout.total, selected: null, heads: null, interactive: false, colour: 'side',
        texts: {
          label: t('proj.ladderLabel', { pair: pairName(ladder.pairId, getLang()), client: n.client, server: n.server }),
          side: (side) => t(side === 'client' ? 'side.client' : 'side.server'),
          // The diamond marks a declaration; the state beside the line says which.
          declares: () => '',
          window: () => '',
          event: () => '',
          time: null,
        },
      }));
      ladderBox.scrollTop = ladderBox.scrollHeight;
    };

    const render = () => {
      const s = ctx.latest.state;
      const auto = projectorView(s);
      // The class moved on (a round started or ended): the join info the host asked for gives way.
      const where = `${s?.phase}/${s?.round}`;
      if (where !== lastView) forced = null;
      lastView = where;
      const view: ProjectorView = forced ?? auto;
      el.setAttribute('data-view', view);
      join.hidden = view !== 'join';
      // Who is here: large before the first round, and again between rounds.
      namesBox.hidden = view === 'round';
      results.hidden = view !== 'results';
      board.hidden = view !== 'round';
      tr(toggle, view === 'join' ? 'proj.showBoard' : 'proj.showJoin');
      tr(heading, view === 'round' ? 'proj.roundTitle' : view === 'results' ? (s?.phase === 'ended' ? 'proj.endedTitle' : 'proj.betweenTitle') : 'proj.joinTitle', { n: s?.round ?? 0, code });

      const here = Object.values(s?.players ?? {}).filter((p) => p.connected);
      tr(namesBox.firstElementChild as HTMLElement, pluralKey(UI_TEXT, 'proj.waiting', getLang(), here.length), { n: here.length });
      // Keyed by player: a name already shown stays (its entrance is not played again by each state patch).
      const shown = new Map([...names.children].map((li) => [li.getAttribute('data-id'), li]));
      const items = here.map((p) => {
        const li = shown.get(p.id) ?? h('li', { 'data-id': p.id });
        if (li.textContent !== p.nickname) li.textContent = p.nickname;
        return li;
      });
      // Taking a node out and back in would play its entrance again: only when the list changed.
      if (items.length !== names.children.length || items.some((li, i) => names.children[i] !== li)) names.replaceChildren(...items);

      const top = ranked(s).slice(0, 3);
      tr(results.firstElementChild as HTMLElement, s?.phase === 'ended' ? 'proj.finalResults' : 'proj.results', { n: s?.round ?? 0 });
      // Built again only when it changes: the reveal plays once per result, not with every patch.
      const podiumSig = JSON.stringify([getLang(), view, top.map((p) => [p.nickname, p.score])]);
      if (podiumSig !== lastPodium) {
        lastPodium = podiumSig;
        replace(podium, ...top.map((p, i) => h('li', { class: `place place-${i + 1}`, 'data-testid': `podium-${i + 1}` },
          h('span', { class: 'medal', 'aria-hidden': 'true', text: String(i + 1) }),
          h('span', { class: 'name', text: p.nickname }),
          h('span', { class: 'points', text: plural('proj.points', p.score) }))));
      }
      // One leaderboard at a time (they share their heading's id); Preact keeps the rows, keyed by student.
      mount(view === 'results' ? createElement(Leaderboard, { state: s }) : null, resultsBoard);
      mount(view === 'round' ? createElement(Leaderboard, { state: s }) : null, boardBox);

      const options = Object.values(s?.pairs ?? {}).map((p) => {
        const n = pairNames(s, p.id);
        return { value: p.id, text: `${pairName(p.id, getLang())}: ${n.client} ↔ ${n.server}` };
      });
      // Rebuilt only when the pairs change, so an open drop-down is not closed by every state patch.
      const sig = JSON.stringify([getLang(), options]);
      if (sig !== optionsSig) {
        optionsSig = sig;
        select.replaceChildren(tr(h('option', { value: '' }), 'proj.none'), ...options.map((o) => h('option', o)));
      }
      // The server's choice, the same the dashboard marks "On the projector".
      if (select.value !== (s?.watched ?? '')) select.value = s?.watched ?? '';
      renderLadder();
    };
    redraw = renderLadder;
    unmount = () => {
      mount(null, resultsBoard);
      mount(null, boardBox);
    };
    render();
    subs.add(ctx.bus.on('state', render));
    subs.add(onLang(render));
  });

  return {
    el,
    dispose: () => {
      subs.dispose();
      unmount();
      if (ctx.seat?.role === 'projector') {
        ctx.seat.conn.leave();
        ctx.seat = null;
      }
    },
  };
}
