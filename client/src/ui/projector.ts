import type { SeatEvent, Side } from '../../../shared/index';
import { Subscriptions } from '../bus';
import { getLang, onLang, t } from '../i18n/ui';
import type { ClassSnapshot } from '../net/events';
import { h, ht, replace, tr } from './dom';
import { failureText } from './errors';
import { claimHostSeat } from './host/claim';
import { joinInfo } from './host/join-info';
import { ladderNames, ladderSvg } from './ladder-svg';
import { leaderboard } from './leaderboard';
import type { AppCtx, Screen } from './screen';

/**
 * The projector: the class code, QR code and join link in large type while students join; then
 * the leaderboard and the live ladder of the pair the host chose. Opens its own host seat with
 * the host key this browser keeps.
 */
export function projector(ctx: AppCtx, code: string): Screen {
  const subs = new Subscriptions();
  const body = h('div', { class: 'projector-body' }, ht('p', 'host.reclaiming', { class: 'muted' }, { code }));
  const el = h('main', { class: 'projector', 'data-testid': 'projector' }, body);
  let ladder: { pairId: string; events: SeatEvent[] } = { pairId: '', events: [] };
  let forced: 'join' | 'board' | null = null;
  let optionsSig = '';

  void claimHostSeat(ctx, code, 'projector').then((res) => {
    if ('failure' in res) {
      return replace(body, h('p', { class: 'error', role: 'alert', 'data-testid': 'projector-error', text: res.failure ? failureText(res.failure) : t('err.noHostKey', { code }) }));
    }
    const conn = res.seat.conn;
    const join = h('section', { class: 'join-view' }, joinInfo(code, 'large'), h('p', { class: 'joined', 'data-testid': 'projector-joined' }));
    const select = h('select', { 'data-testid': 'projector-pair-select', id: 'projector-pair' });
    select.addEventListener('change', () => conn.send('watchPair', { pairId: select.value || null }));
    const ladderBox = h('div', { class: 'ladder-box' });
    const ladderHead = h('div', { class: 'ladder-names-box' });
    const boardBox = h('div', { class: 'board-box' });
    const board = h('section', { class: 'board-view' }, boardBox,
      h('section', { class: 'ladder-view', 'aria-labelledby': 'ladder-heading' },
        h('div', { class: 'ladder-head' }, ht('h2', 'proj.ladder', { id: 'ladder-heading' }),
          h('div', { class: 'field inline' }, ht('label', 'proj.pairSelect', { for: 'projector-pair' }), select)),
        ladderHead, ladderBox));
    const toggle = h('button', { type: 'button', class: 'small', 'data-testid': 'projector-toggle' });
    toggle.addEventListener('click', () => {
      forced = showingJoin() ? 'board' : 'join';
      render();
    });
    replace(body, h('div', { class: 'projector-bar' }, toggle), join, board);

    const names = (s: ClassSnapshot | undefined, pairId: string): Record<Side, string> => {
      const pair = s?.pairs[pairId];
      const name = (id: string | undefined) => (id === 'bot' ? t('play.bot') : (id && s?.players[id]?.nickname) || '?');
      return { client: `${name(pair?.client)} (${t('side.client')})`, server: `${name(pair?.server)} (${t('side.server')})` };
    };
    const showingJoin = () => forced === 'join' || (forced === null && (ctx.latest.state?.round ?? 0) === 0 && ctx.latest.state?.phase !== 'running');
    const renderLadder = () => {
      const s = ctx.latest.state;
      if (!ladder.pairId) {
        replace(ladderHead);
        return replace(ladderBox, ht('p', 'proj.noLadder', { class: 'muted' }));
      }
      const n = names(s, ladder.pairId);
      replace(ladderHead, ladderNames(n));
      replace(ladderBox, ladderSvg(ladder.events, t('proj.ladderLabel', { pair: ladder.pairId, client: n.client, server: n.server })));
      ladderBox.scrollTop = ladderBox.scrollHeight;
    };
    const render = () => {
      const s = ctx.latest.state;
      const onJoin = showingJoin();
      join.hidden = !onJoin;
      board.hidden = onJoin;
      tr(toggle, onJoin ? 'proj.showBoard' : 'proj.showJoin');
      tr(join.querySelector('.joined') as HTMLElement, 'proj.waiting', { n: Object.keys(s?.players ?? {}).length });
      replace(boardBox, leaderboard(s));
      const options = Object.values(s?.pairs ?? {}).map((p) => {
        const n = names(s, p.id);
        return { value: p.id, text: `${p.id}: ${n.client} ↔ ${n.server}` };
      });
      // Rebuilt only when the pairs change, so an open drop-down is not closed by every state patch.
      const sig = JSON.stringify([getLang(), options]);
      if (sig !== optionsSig) {
        optionsSig = sig;
        select.replaceChildren(tr(h('option', { value: '' }), 'proj.none'), ...options.map((o) => h('option', o)));
        select.value = ladder.pairId;
      }
    };
    render();
    renderLadder();
    subs.add(ctx.bus.on('state', render));
    subs.add(ctx.bus.on('ladder', (l) => {
      if (l.reset) ladder = { pairId: l.pairId, events: [...l.events] };
      else if (l.pairId === ladder.pairId) ladder = { pairId: l.pairId, events: [...ladder.events, ...l.events] };
      else return;
      select.value = ladder.pairId;
      renderLadder();
    }));
    subs.add(onLang(() => {
      render();
      renderLadder();
    }));
  });

  return {
    el,
    dispose: () => {
      subs.dispose();
      if (ctx.seat?.role === 'projector') {
        ctx.seat.conn.leave();
        ctx.seat = null;
      }
    },
  };
}
