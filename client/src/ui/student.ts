import { findScenario, otherSide } from '../../../shared/index';
import { Subscriptions } from '../bus';
import { onLang, pick, t, type TextKey } from '../i18n/ui';
import { Connection } from '../net/connection';
import type { ClassSnapshot } from '../net/events';
import { h, ht, replace } from './dom';
import { RoundPanel } from './round-panel';
import type { AppCtx, Screen, Seat } from './screen';

/**
 * A student in a class: the lobby (who they are, partner and role), then each round. A refreshed
 * page takes its seat back with the reconnection token; a seat that is gone sends the student to
 * the join form with the code filled in.
 */
export function student(ctx: AppCtx, code: string): Screen {
  const subs = new Subscriptions();
  const status = h('p', { class: 'conn-status', role: 'status', 'data-testid': 'connection-status' });
  const lobby = h('section', { class: 'card lobby', 'data-testid': 'lobby', 'aria-labelledby': 'lobby-heading' });
  const el = h('main', { class: 'student' }, status, lobby);
  let seat: Seat | null = ctx.seat?.role === 'student' && ctx.seat.code === code ? ctx.seat : null;
  let panel: RoundPanel | null = null;
  let statusKey: TextKey | null = null;
  let ended = false;
  /** The instructor removed this student (rather than ending the class). */
  let removed = false;
  let inRound = false;
  /** This student's round is over while the class round still runs: their pair is done, or the bot took their seat. */
  let roundOver: 'done' | 'bot' | null = null;
  let lastPhase = '';

  const setStatus = (key: TextKey | null) => {
    statusKey = key;
    status.textContent = key ? t(key) : '';
  };

  /**
   * The lobby reads the synced state every time: between rounds the server publishes the COMING
   * round's pairs and sides, so it names the role the student will play next (roles swap every
   * round) and never keeps the last one. While a round runs without this student (their pair is
   * done, or they came late) it says so instead.
   */
  const renderLobby = (s: ClassSnapshot | undefined) => {
    if (!seat) return;
    const me = s?.players[seat.welcome.you.id];
    const running = s?.phase === 'running' || s?.phase === 'paused';
    const between = s?.phase === 'lobby' && !ended;
    const pair = between && me?.pairId ? s?.pairs[me.pairId] : undefined;
    const side = between && (me?.side === 'client' || me?.side === 'server') ? me.side : null;
    const partnerId = pair && side ? pair[otherSide(side)] : null;
    const partner = !between
      ? null
      : partnerId === 'bot'
        ? ht('p', 'lobby.partnerBot', { 'data-testid': 'lobby-partner' })
        : partnerId
          ? ht('p', 'lobby.partner', { 'data-testid': 'lobby-partner' }, { name: s?.players[partnerId]?.nickname ?? '?' })
          : ht('p', 'lobby.partnerUnknown', { 'data-testid': 'lobby-partner' });
    const scenario = between && s ? findScenario(s.scenario) : undefined;
    const where = ended
      ? ht('p', removed ? 'play.removed' : 'play.classEnded', { class: 'notice', 'data-testid': 'class-ended' })
      : running
        ? ht('p', roundOver === 'bot' ? 'lobby.botPlays' : roundOver ? 'lobby.pairDone' : 'lobby.roundOn', { class: 'muted', 'data-testid': 'lobby-status' })
        : ht('p', 'lobby.waiting', { class: 'muted', 'data-testid': 'lobby-status' });
    replace(lobby,
      ht('h2', 'lobby.heading', { id: 'lobby-heading' }),
      // The name as the class shows it now (the instructor may have renamed the student).
      ht('p', 'lobby.welcome', { 'data-testid': 'lobby-welcome' }, { name: me?.nickname ?? seat.welcome.you.nickname, code: seat.code }),
      partner,
      side ? ht('p', side === 'client' ? 'lobby.next.client' : 'lobby.next.server', { 'data-testid': 'lobby-role' }) : null,
      scenario ? ht('p', 'lobby.scenario', {}, { title: pick(scenario.title) }) : null,
      where,
      s && !s.hostConnected && !ended ? ht('p', 'lobby.hostAway', { class: 'muted' }) : null,
      ended ? ht('a', 'play.backHome', { href: '/', class: 'button', 'data-testid': 'back-home' }) : null,
    );
    // While the player is in a round, the round's own heading says role and partner.
    lobby.hidden = inRound && running && !ended;
    if (me && panel) panel.score.set(me.score, me.streak);
    if (panel) {
      panel.setEnabled(s?.phase === 'running' && !ended);
      // Said once when the round is paused (the clock line under the scene says it too).
      if (s?.phase === 'paused' && lastPhase !== 'paused' && inRound) panel.messages.text('play.paused');
    }
    lastPhase = s?.phase ?? '';
  };

  const attach = (s: Seat) => {
    seat = s;
    ctx.seat = s;
    panel = new RoundPanel(ctx.bus, s.conn, () => ctx.latest.state?.players[s.welcome.you.id]?.nickname ?? s.welcome.you.nickname);
    el.append(panel.el);
    renderLobby(ctx.latest.state);
  };

  subs.add(ctx.bus.on('state', (s) => renderLobby(s)));
  subs.add(ctx.bus.on('roundStarted', () => {
    inRound = true;
    roundOver = null;
    renderLobby(ctx.latest.state);
  }));
  subs.add(ctx.bus.on('roundEnded', (re) => {
    inRound = false;
    roundOver = re.handedToBot ? 'bot' : 'done';
    renderLobby(ctx.latest.state);
  }));
  subs.add(ctx.bus.on('welcome', (w) => {
    if (seat) seat.welcome = w;
  }));
  subs.add(ctx.bus.on('classEnded', (c) => {
    ended = true;
    removed = c.reason === 'removed';
    seat?.conn.leave();
    renderLobby(ctx.latest.state);
  }));
  subs.add(ctx.bus.on('connection', (c) => {
    if (ended) return setStatus(null);
    setStatus(c.status === 'reconnecting' ? 'conn.reconnecting' : c.status === 'closed' ? 'conn.closed' : statusKey === 'conn.reconnecting' ? 'conn.back' : null);
  }));
  subs.add(onLang(() => {
    setStatus(statusKey);
    renderLobby(ctx.latest.state);
  }));

  if (seat) attach(seat);
  else {
    const conn = new Connection(ctx.bus);
    void conn.resume('student', code).then((welcome) => {
      if (welcome) return attach({ conn, welcome, role: 'student', code });
      ctx.notice = { key: 'err.sessionLost', params: { code } };
      ctx.go({ name: 'landing', code });
    });
  }

  return {
    el,
    dispose: () => {
      // Leaving this screen (not reloading the page) leaves the class.
      subs.dispose();
      panel?.dispose();
      seat?.conn.leave();
      if (ctx.seat === seat) ctx.seat = null;
    },
  };
}
