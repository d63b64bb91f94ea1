import { render } from 'preact';
import { findScenario, otherSide, type ErrorEvent, type RoundEnded } from '../../../shared/index';
import { Subscriptions } from '../bus';
import { pick, t, type TextKey } from '../i18n/ui';
import { Connection } from '../net/connection';
import type { ClassSnapshot } from '../net/events';
import { focusWhenShown } from './focus';
import { holding } from './holding';
import { CheckPanel } from './check';
import type { StudentCheck } from './check-model';
import { canOpenReplays, myReplayHref } from './replay-link';
import { RoundPanel } from './round-panel';
import type { AppCtx, Screen, Seat } from './screen';

type EndReason = 'host' | 'shutdown' | 'removed';

/** What the student screen shows; the round itself is the RoundPanel's. */
interface Shown {
  seat: Seat | null;
  snapshot: ClassSnapshot | undefined;
  status: TextKey | null;
  ended: EndReason | null;
  inRound: boolean;
  /** This student's round is over while the class round still runs: their pair is done, or the bot took their seat. */
  roundOver: 'done' | 'bot' | null;
  code: string;
  /** The concept check of the class (issue 17), shown in the lobby; refusals of this student's answers by request id. */
  check: StudentCheck | undefined;
  checkRefused: ReadonlyMap<number, ErrorEvent>;
}

/** The class's scenario by name: a built-in one's from the page's texts, a teacher's own from the synced state. */
function scenarioTitle(snap: ClassSnapshot): string | null {
  const builtIn = findScenario(snap.scenario);
  if (builtIn) return pick(builtIn.title);
  return snap.scenarioTitleEn ? pick({ en: snap.scenarioTitleEn, 'zh-CN': snap.scenarioTitleZh || snap.scenarioTitleEn }) : null;
}

/**
 * The lobby reads the synced state every time: between rounds the server publishes the COMING
 * round's pairs and sides, so it names the role the student will play next (roles swap every
 * round) and never keeps the last one. While a round runs without this student (their pair is
 * done, or they came late) it says so instead.
 */
function LobbyBody({ s, seat }: { s: Shown; seat: Seat }) {
  const snap = s.snapshot;
  const me = snap?.players[seat.welcome.you.id];
  const running = snap?.phase === 'running' || snap?.phase === 'paused';
  const ended = s.ended !== null;
  // Came while a round runs: not in it (nobody plays a seat for them); they play from the next one.
  const late = running && !s.inRound && s.roundOver === null && !ended;
  const between = snap?.phase === 'lobby' && !ended;
  const pair = between && me?.pairId ? snap?.pairs[me.pairId] : undefined;
  const side = between && (me?.side === 'client' || me?.side === 'server') ? me.side : null;
  const partnerId = pair && side ? pair[otherSide(side)] : null;
  const title = snap ? scenarioTitle(snap) : null;
  return (
    <div class="lobby-body">
      {/* The name as the class shows it now (the instructor may have renamed the student). */}
      <p data-testid="lobby-welcome">{t('lobby.welcome', { name: me?.nickname ?? seat.welcome.you.nickname, code: seat.code })}</p>
      {between ? (
        <p data-testid="lobby-partner">{partnerId === 'bot'
          ? t('lobby.partnerBot')
          : partnerId ? t('lobby.partner', { name: snap?.players[partnerId]?.nickname ?? '?' }) : t('lobby.partnerUnknown')}</p>
      ) : null}
      {side ? <p data-testid="lobby-role">{t(side === 'client' ? 'lobby.next.client' : 'lobby.next.server')}</p> : null}
      {between && title ? <p>{t('lobby.scenario', { title })}</p> : null}
      {ended ? null : late && snap ? (
        <p class="notice" role="status" data-testid="late-joiner">{t('stud.late', { n: snap.round, title: title ?? snap.scenario })}</p>
      ) : (
        <p class="muted" data-testid="lobby-status">{t(running ? (s.roundOver === 'bot' ? 'lobby.botPlays' : s.roundOver ? 'lobby.pairDone' : 'lobby.roundOn') : 'lobby.waiting')}</p>
      )}
      {snap && !snap.hostConnected && !ended ? <p class="muted">{t('lobby.hostAway')}</p> : null}
    </div>
  );
}

/** The class is over (or this student was removed): a calm end, with their replays and the way out. */
function EndScreen({ reason, code }: { reason: EndReason; code: string }) {
  return (
    <>
      <h2 id="class-over-heading" tabIndex={-1}>{t(reason === 'removed' ? 'stud.removed.heading' : 'stud.ended.heading')}</h2>
      <p class="notice" data-testid="class-ended">{t(reason === 'removed' ? 'play.removed' : reason === 'shutdown' ? 'stud.ended.shutdown' : 'stud.ended.text')}</p>
      <div class="actions">
        {canOpenReplays(code) ? <a href={myReplayHref(code)} class="button primary-link" data-testid="my-replays">{t('stud.replays')}</a> : null}
        <a href="/" class="button" data-testid="back-home">{t('play.backHome')}</a>
        <a href="/#homework" class="button" data-testid="ended-homework">{t('stud.ended.homework')}</a>
      </div>
    </>
  );
}

/** Under a round's end: this student's replay of it, or when it opens (the bot still plays the seat). */
function ReplayAction({ code, later, open }: { code: string; later: boolean; open: { round: number; pairId: string } | null }) {
  if (later) return <p class="hint" data-testid="my-replay-later">{t('stud.replayLater')}</p>;
  return <a href={myReplayHref(code, open)} target="_blank" rel="noopener" class="button" data-testid="my-replay">{t('stud.replayRound')}</a>;
}

function StudentView({ s, panel, answer }: { s: Shown; panel: RoundPanel | null; answer: (question: string, value: number) => number | null }) {
  const running = s.snapshot?.phase === 'running' || s.snapshot?.phase === 'paused';
  const check = s.check && !running && s.ended === null && s.seat ? s.check : undefined;
  return (
    <>
      <p class="conn-status" role="status" data-testid="connection-status">{s.status ? t(s.status) : ''}</p>
      <section class="card class-over" data-testid="class-ended-screen" aria-labelledby="class-over-heading" hidden={s.ended === null}>
        {s.ended ? <EndScreen reason={s.ended} code={s.code} /> : null}
      </section>
      {/* While the player is in a round, the round's own heading says role and partner; once the class is over, only its end is shown. */}
      <section class="card lobby" data-testid="lobby" aria-labelledby="lobby-heading" hidden={(s.inRound && running) || s.ended !== null}>
        {/* The heading stays while the rest of the lobby is drawn again, so the focus put on it stays too. */}
        <h2 id="lobby-heading" tabIndex={-1} data-testid="lobby-heading">{t('lobby.heading')}</h2>
        {s.seat ? <LobbyBody s={s} seat={s.seat} /> : <div class="lobby-body" />}
      </section>
      {check ? <CheckPanel check={check} answer={answer} refused={s.checkRefused} /> : null}
      {/* The round draws itself; a box with no box of its own, so the round sits in the page's grid as before. */}
      <div style={{ display: 'contents' }} ref={holding(...(panel ? [panel.el] : []))} />
    </>
  );
}

/**
 * A student in a class: the lobby (who they are, partner and role), then each round. A refreshed
 * page takes its seat back with the reconnection token; a seat that is gone sends the student to
 * the join form with the code filled in. A Preact screen drawn into `el` whenever the class
 * changes (and by itself on a language switch).
 */
export function student(ctx: AppCtx, code: string): Screen {
  const subs = new Subscriptions();
  const el = document.createElement('main');
  el.className = 'student';
  /** The pair this student plays in each round (from the synced state while it runs), for the link to its replay. */
  const pairOf = new Map<number, string>();
  let panel: RoundPanel | null = null;
  let lastPhase = '';
  let s: Shown = {
    seat: ctx.seat?.role === 'student' && ctx.seat.code === code ? ctx.seat : null,
    snapshot: ctx.latest.state, status: null, ended: null, inRound: false, roundOver: null, code,
    check: ctx.latest.check, checkRefused: new Map(),
  };
  /** Request ids of concept-check answers: their own range, apart from the round panel's. */
  let checkRid = 1_000_000;
  const answer = (question: string, value: number): number | null => {
    const rid = checkRid++;
    return s.seat?.conn.send('answerCheck', { question, answer: value, rid }) ? rid : null;
  };

  const draw = (change: Partial<Shown> = {}) => {
    s = { ...s, ...change };
    render(<StudentView s={s} panel={panel} answer={answer} />, el);
  };

  /** The class's state changed (or this student's place in it): the lobby and the round follow it. */
  const follow = (snapshot: ClassSnapshot | undefined, change: Partial<Shown> = {}) => {
    draw({ ...change, snapshot });
    const seat = s.seat;
    if (!seat) return;
    const me = snapshot?.players[seat.welcome.you.id];
    const running = snapshot?.phase === 'running' || snapshot?.phase === 'paused';
    if (running && s.inRound && snapshot && me?.pairId) pairOf.set(snapshot.round, me.pairId);
    if (!panel) return;
    if (s.ended) panel.el.hidden = true;
    // While a round runs the synced state keeps the totals of its start: the verdicts carry the news.
    if (me && !running) panel.score.set(me.score, me.streak);
    panel.setEnabled(snapshot?.phase === 'running' && !s.ended);
    // Said once when the round is paused (the clock line under the scene says it too).
    if (snapshot?.phase === 'paused' && lastPhase !== 'paused' && s.inRound) panel.messages.text('play.paused');
    // …and when it goes on, that line gives way (it does not stay after Resume).
    if (snapshot?.phase === 'running' && lastPhase === 'paused' && s.inRound) panel.messages.text('play.resumed');
    lastPhase = snapshot?.phase ?? '';
  };

  /** Under the round's end: the link to this student's replay of it (a new tab: the class goes on here). */
  const replayAction = (re: Pick<RoundEnded, 'round' | 'handedToBot'>) => {
    if (!canOpenReplays(code)) return null;
    const pairId = pairOf.get(re.round);
    return <ReplayAction code={code} later={re.handedToBot === true} open={pairId ? { round: re.round, pairId } : null} />;
  };

  const attach = (seat: Seat) => {
    ctx.seat = seat;
    panel = new RoundPanel(ctx.bus, seat.conn, () => ctx.latest.state?.players[seat.welcome.you.id]?.nickname ?? seat.welcome.you.nickname, { endAction: replayAction });
    follow(ctx.latest.state, { seat });
    // A new screen: the lobby has no control of its own, so its heading takes the focus (a screen reader reads on from there).
    if (!s.ended) focusWhenShown(el.querySelector<HTMLElement>('#lobby-heading'));
  };

  subs.add(ctx.bus.on('state', (snap) => follow(snap)));
  subs.add(ctx.bus.on('roundStarted', () => follow(ctx.latest.state, { inRound: true, roundOver: null })));
  subs.add(ctx.bus.on('roundEnded', (re) => follow(ctx.latest.state, { inRound: false, roundOver: re.handedToBot ? 'bot' : 'done' })));
  // The concept check: main.ts folds its events into ctx.latest.check first.
  for (const type of ['checkOpened', 'checkAnswered', 'checkClosed'] as const) subs.add(ctx.bus.on(type, () => draw({ check: ctx.latest.check })));
  subs.add(ctx.bus.on('error', (e) => {
    if (e.intent === 'answerCheck' && e.rid !== undefined) draw({ checkRefused: new Map([...s.checkRefused, [e.rid, e]]) });
  }));
  subs.add(ctx.bus.on('welcome', (w) => {
    if (s.seat) s.seat.welcome = w;
  }));
  subs.add(ctx.bus.on('classEnded', (c) => {
    s.seat?.conn.leave();
    follow(ctx.latest.state, { ended: c.reason === 'removed' ? 'removed' : c.reason === 'shutdown' ? 'shutdown' : 'host', status: null });
    focusWhenShown(el.querySelector<HTMLElement>('[data-testid="my-replays"]') ?? el.querySelector<HTMLElement>('[data-testid="back-home"]'));
  }));
  subs.add(ctx.bus.on('connection', (c) => {
    if (s.ended) return draw({ status: null });
    draw({ status: c.status === 'reconnecting' ? 'conn.reconnecting' : c.status === 'closed' ? 'conn.closed' : s.status === 'conn.reconnecting' ? 'conn.back' : null });
  }));

  draw();
  if (s.seat) attach(s.seat);
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
      render(null, el);
      s.seat?.conn.leave();
      if (ctx.seat === s.seat) ctx.seat = null;
    },
  };
}
