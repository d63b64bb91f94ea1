import { findScenario, otherSide } from '../../../shared/index';
import { Subscriptions } from '../bus';
import { onLang, pick, t, type TextKey } from '../i18n/ui';
import { Connection } from '../net/connection';
import type { ClassSnapshot } from '../net/events';
import { h, ht, replace } from './dom';
import { focusWhenShown } from './focus';
import { canOpenReplays, myReplayHref } from './replay-link';
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
  // The heading stays while the rest of the lobby is redrawn, so the focus put on it stays too.
  const lobbyHeading = ht('h2', 'lobby.heading', { id: 'lobby-heading', tabindex: -1, 'data-testid': 'lobby-heading' });
  const lobbyBody = h('div', { class: 'lobby-body' });
  const lobby = h('section', { class: 'card lobby', 'data-testid': 'lobby', 'aria-labelledby': 'lobby-heading' }, lobbyHeading, lobbyBody);
  /** The end of the class for this student: built once, when it ends. */
  const endScreen = h('section', { class: 'card class-over', 'data-testid': 'class-ended-screen', 'aria-labelledby': 'class-over-heading', hidden: true });
  const el = h('main', { class: 'student' }, status, endScreen, lobby);
  /** The pair this student plays in each round (from the synced state while it runs), for the link to its replay. */
  const pairOf = new Map<number, string>();
  let seat: Seat | null = ctx.seat?.role === 'student' && ctx.seat.code === code ? ctx.seat : null;
  let panel: RoundPanel | null = null;
  let statusKey: TextKey | null = null;
  let ended = false;
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
    if (running && inRound && s && me?.pairId) pairOf.set(s.round, me.pairId);
    // Came while a round runs: not in it (nobody plays a seat for them); they play from the next one.
    const late = running && !inRound && roundOver === null && !ended;
    const runningScenario = late && s ? findScenario(s.scenario) : undefined;
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
      ? null
      : late && s
        ? ht('p', 'stud.late', { class: 'notice', role: 'status', 'data-testid': 'late-joiner' }, { n: s.round, title: runningScenario ? pick(runningScenario.title) : s.scenario })
        : running
          ? ht('p', roundOver === 'bot' ? 'lobby.botPlays' : roundOver ? 'lobby.pairDone' : 'lobby.roundOn', { class: 'muted', 'data-testid': 'lobby-status' })
          : ht('p', 'lobby.waiting', { class: 'muted', 'data-testid': 'lobby-status' });
    replace(lobbyBody,
      // The name as the class shows it now (the instructor may have renamed the student).
      ht('p', 'lobby.welcome', { 'data-testid': 'lobby-welcome' }, { name: me?.nickname ?? seat.welcome.you.nickname, code: seat.code }),
      partner,
      side ? ht('p', side === 'client' ? 'lobby.next.client' : 'lobby.next.server', { 'data-testid': 'lobby-role' }) : null,
      scenario ? ht('p', 'lobby.scenario', {}, { title: pick(scenario.title) }) : null,
      where,
      s && !s.hostConnected && !ended ? ht('p', 'lobby.hostAway', { class: 'muted' }) : null,
    );
    // While the player is in a round, the round's own heading says role and partner; once the
    // class is over, only its end is shown.
    lobby.hidden = (inRound && running) || ended;
    if (panel && ended) panel.el.hidden = true;
    if (me && panel) panel.score.set(me.score, me.streak);
    if (panel) {
      panel.setEnabled(s?.phase === 'running' && !ended);
      // Said once when the round is paused (the clock line under the scene says it too).
      if (s?.phase === 'paused' && lastPhase !== 'paused' && inRound) panel.messages.text('play.paused');
      // …and when it goes on, that line gives way (it does not stay after Resume).
      if (s?.phase === 'running' && lastPhase === 'paused' && inRound) panel.messages.text('play.resumed');
    }
    lastPhase = s?.phase ?? '';
  };

  /** Under the round's end: the link to this student's replay of it (a new tab: the class goes on here). */
  const replayAction = (re: { round: number; handedToBot?: boolean | undefined }): HTMLElement | null => {
    if (!canOpenReplays(code)) return null;
    // The bot still plays the seat: the replay opens once the class's round is over.
    if (re.handedToBot) return ht('p', 'stud.replayLater', { class: 'hint', 'data-testid': 'my-replay-later' });
    const pairId = pairOf.get(re.round);
    return ht('a', 'stud.replayRound', {
      href: myReplayHref(code, pairId ? { round: re.round, pairId } : null), target: '_blank', rel: 'noopener', class: 'button', 'data-testid': 'my-replay',
    });
  };

  /** The class is over (or this student was removed): a calm end, with their replays and the way out. */
  const showEnd = (reason: 'host' | 'shutdown' | 'removed') => {
    const replays = canOpenReplays(code)
      ? ht('a', 'stud.replays', { href: myReplayHref(code), class: 'button primary-link', 'data-testid': 'my-replays' })
      : null;
    const home = ht('a', 'play.backHome', { href: '/', class: 'button', 'data-testid': 'back-home' });
    replace(endScreen,
      ht('h2', reason === 'removed' ? 'stud.removed.heading' : 'stud.ended.heading', { id: 'class-over-heading', tabindex: -1 }),
      ht('p', reason === 'removed' ? 'play.removed' : reason === 'shutdown' ? 'stud.ended.shutdown' : 'stud.ended.text', { class: 'notice', 'data-testid': 'class-ended' }),
      h('div', { class: 'actions' }, replays, home, ht('a', 'stud.ended.homework', { href: '/#homework', class: 'button', 'data-testid': 'ended-homework' })),
    );
    endScreen.hidden = false;
    focusWhenShown(replays ?? home);
  };

  const attach = (s: Seat) => {
    seat = s;
    ctx.seat = s;
    panel = new RoundPanel(ctx.bus, s.conn, () => ctx.latest.state?.players[s.welcome.you.id]?.nickname ?? s.welcome.you.nickname, { endAction: replayAction });
    el.append(panel.el);
    renderLobby(ctx.latest.state);
    // A new screen: the lobby has no control of its own, so its heading takes the focus (a screen reader reads on from there).
    if (!ended) focusWhenShown(lobbyHeading);
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
    seat?.conn.leave();
    showEnd(c.reason === 'removed' ? 'removed' : c.reason === 'shutdown' ? 'shutdown' : 'host');
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
