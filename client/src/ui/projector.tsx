import { signal } from '@preact/signals';
import { render } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Dashboard, SeatEvent, Side } from '../../../shared/index';
import { LIVE_GEOMETRY, liveLayout } from '../ladder/live';
import { renderLadder as drawLadder } from '../ladder/svg';
import { Subscriptions } from '../bus';
import { pairName } from '../i18n/plural';
import { lang, plural, t } from '../i18n/ui';
import type { ClassSnapshot } from '../net/events';
import type { JoinFailure } from '../net/join-error';
import { withTotals } from '../net/totals';
import { failureText } from './errors';
import { claimHostSeat } from './host/claim';
import { JoinInfo } from './host/join-info';
import { Leaderboard } from './leaderboard';
import type { AppCtx, Screen } from './screen';

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

/** A student on the podium: the points of the round just played, and the class total beside them. */
export interface PodiumPlace {
  id: string;
  nickname: string;
  points: number;
  total: number;
}

/**
 * The podium of round `round`: the students who played it, by the points they scored in it (ties
 * by class total, then nickname), from the dashboard of that round; the class total of each from
 * the state. Bots are not on it. Empty when the dashboard is of another round.
 */
export function roundPodium(s: Pick<ClassSnapshot, 'players'> | undefined, d: Pick<Dashboard, 'round' | 'pairs'> | undefined, round: number, size = 3): PodiumPlace[] {
  if (!d || d.round !== round) return [];
  const places = new Map<string, PodiumPlace>();
  for (const p of d.pairs) {
    for (const side of ['client', 'server'] as const) {
      const seat = p[side];
      if (!seat.playerId || seat.points === undefined) continue;
      const player = s?.players[seat.playerId];
      const prev = places.get(seat.playerId);
      places.set(seat.playerId, {
        id: seat.playerId,
        nickname: player?.nickname ?? seat.name,
        points: (prev?.points ?? 0) + seat.points,
        total: player?.score ?? prev?.total ?? 0,
      });
    }
  }
  return [...places.values()]
    .sort((a, b) => b.points - a.points || b.total - a.total || a.nickname.localeCompare(b.nickname))
    .slice(0, size);
}

/** The two names over the ladder's lines, outside the scrolling diagram so they stay in view. */
function LadderNames({ names }: { names: Record<Side, string> }) {
  const box = useRef<HTMLDivElement>(null);
  // Set through the CSSOM: the page's Content-Security-Policy refuses style attributes.
  useLayoutEffect(() => box.current?.style.setProperty('--gutter', `${((LIVE_GEOMETRY.lines.client / LIVE_GEOMETRY.width) * 100).toFixed(2)}%`), []);
  return (
    <div class="ladder-names" ref={box}>
      <span class="who client">{names.client}</span>
      <span class="who server">{names.server}</span>
    </div>
  );
}

interface LadderState {
  pairId: string;
  round: number;
  events: SeatEvent[];
}

const pairNames = (s: ClassSnapshot | undefined, pairId: string): Record<Side, string> => {
  const pair = s?.pairs[pairId];
  const name = (id: string | undefined) => (id === 'bot' ? t('play.bot') : (id && s?.players[id]?.nickname) || '?');
  return { client: `${name(pair?.client)} (${t('side.client')})`, server: `${name(pair?.server)} (${t('side.server')})` };
};

/** The watched pair's live ladder of this round (an older one is never shown as current). */
function LadderView({ s, ladder }: { s: ClassSnapshot | undefined; ladder: LadderState }) {
  const watched = s?.watched ?? '';
  const current = watched !== '' && ladder.pairId === watched && ladder.round === (s?.round ?? 0);
  const box = useRef<HTMLDivElement>(null);
  const l = lang.value;
  const n = current ? pairNames(s, ladder.pairId) : null;
  const label = n ? t('proj.ladderLabel', { pair: pairName(ladder.pairId, l), client: n.client, server: n.server }) : '';
  const sides = { client: t('side.client'), server: t('side.server') };
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (!current) return void el.replaceChildren();
    const layout = liveLayout(ladder.events);
    el.replaceChildren(drawLadder({
      layout, step: layout.total, selected: null, heads: null, interactive: false, colour: 'side',
      texts: {
        label,
        side: (side) => sides[side],
        // The diamond marks a declaration; the state beside the line says which.
        declares: () => '',
        window: () => '',
        event: () => '',
        time: null,
      },
    }));
    el.scrollTop = el.scrollHeight;
  }, [current, ladder, label, sides.client, sides.server]);
  return (
    <section class="ladder-view" aria-labelledby="ladder-heading" data-testid="projector-ladder" data-pair={current ? ladder.pairId : ''} data-round={current ? String(ladder.round) : ''}>
      <h2 id="ladder-heading">{t('proj.ladder')}</h2>
      <p class="ladder-title" data-testid="projector-ladder-title">{current ? t('proj.ladderOf', { n: ladder.round, pair: pairName(ladder.pairId, l) }) : ''}</p>
      <div class="ladder-names-box">{n ? <LadderNames names={n} /> : null}</div>
      {current ? null : <p class="muted">{t(watched ? 'proj.ladderComing' : 'proj.noLadder')}</p>}
      {/* It scrolls when the ladder is long: reachable by keyboard, named by the section's heading. */}
      <div class="ladder-box" tabIndex={0} aria-labelledby="ladder-heading" ref={box} hidden={!current} />
    </section>
  );
}

/** The round's best: a podium of the round's points (2nd, 1st, 3rd), each with the class total. */
function Podium({ places, round }: { places: PodiumPlace[]; round: number }) {
  return (
    <div class="podium-box">
      <p class="podium-title" data-testid="podium-title">{t('proj.podiumTitle', { n: round })}</p>
      <ol class="podium" data-testid="podium">
        {places.map((p, i) => (
          <li key={p.id} class={`place place-${i + 1}`} data-testid={`podium-${i + 1}`}>
            <span class="medal" aria-hidden="true">{String(i + 1)}</span>
            <span class="name">{p.nickname}</span>
            <span class="points">{plural('proj.points', p.points)}</span>
            <span class="total" data-testid={`podium-${i + 1}-total`}>{t('proj.classTotal', { points: plural('proj.points', p.total) })}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * The projector, a host seat of its own (opened with the host key this browser keeps). It follows
 * the class: the join link, QR code (the address the dashboard chose, and its warning when only
 * loopback exists) and the names of those who joined before the first round; the watched pair's
 * live ladder of the current round (the server's `watched`, the same choice the dashboard marks);
 * between rounds the results (a podium of the round's points, with class totals, and the
 * leaderboard) and the lobby's names. A reload gets the watched pair and its ladder from the
 * round's start (the server sends them). A Preact screen: a language switch redraws it.
 */
export function projector(ctx: AppCtx, code: string): Screen {
  const subs = new Subscriptions();
  const el = document.createElement('main');
  el.className = 'projector';
  el.setAttribute('data-testid', 'projector');
  const ladder = signal<LadderState>({ pairId: '', round: 0, events: [] });
  const state = signal<ClassSnapshot | undefined>(ctx.latest.state);
  const dash = signal<Dashboard | undefined>(ctx.latest.dashboard);
  const stage = signal<{ kind: 'claiming' } | { kind: 'failed'; failure: JoinFailure | null } | { kind: 'ready'; watch: (pairId: string | null) => void }>({ kind: 'claiming' });
  /** The view the host switched to, and where the class was then (it is forgotten when the class moves on). */
  const forced = signal<{ view: ProjectorView; where: string } | null>(null);
  // Listening before the seat is claimed: the ladder comes right after the welcome.
  subs.add(ctx.bus.on('ladder', (l) => {
    const cur = ladder.value;
    if (l.reset) ladder.value = { pairId: l.pairId, round: l.round, events: [...l.events] };
    else if (l.pairId === cur.pairId && l.round === cur.round) ladder.value = { ...cur, events: [...cur.events, ...l.events] };
  }));
  subs.add(ctx.bus.on('state', (s) => (state.value = s)));
  subs.add(ctx.bus.on('dashboard', (d) => (dash.value = d)));

  const Ready = ({ watch }: { watch: (pairId: string | null) => void }) => {
    const s = withTotals(state.value, dash.value);
    const l = lang.value;
    const auto = projectorView(s);
    // The class moved on (a round started or ended): the join info the host asked for gives way.
    const where = `${s?.phase}/${s?.round}`;
    const f = forced.value;
    const view: ProjectorView = f && f.where === where ? f.view : auto;
    useLayoutEffect(() => el.setAttribute('data-view', view), [view]);
    const round = s?.round ?? 0;
    const here = Object.values(s?.players ?? {}).filter((p) => p.connected);
    const options = Object.values(s?.pairs ?? {}).map((p) => {
      const n = pairNames(s, p.id);
      return { value: p.id, text: `${pairName(p.id, l)}: ${n.client} ↔ ${n.server}` };
    });
    const title = view === 'round' ? 'proj.roundTitle' : view === 'results' ? (s?.phase === 'ended' ? 'proj.endedTitle' : 'proj.betweenTitle') : 'proj.joinTitle';
    return (
      <>
        <div class="projector-bar">
          <h1 class="projector-title" data-testid="projector-title">{t(title, { n: round, code })}</h1>
          <div class="projector-controls">
            <div class="field inline">
              <label for="projector-pair">{t('proj.pairSelect')}</label>
              {/* The server's choice, the same the dashboard marks "On the projector". */}
              <select data-testid="projector-pair-select" id="projector-pair" value={s?.watched ?? ''} onChange={(e) => watch(e.currentTarget.value || null)}>
                <option value="">{t('proj.none')}</option>
                {options.map((o) => <option key={o.value} value={o.value}>{o.text}</option>)}
              </select>
            </div>
            <button type="button" class="small" data-testid="projector-toggle"
              onClick={() => {
                // From the join info to the class (before the first round: the leaderboard and the ladder); back again.
                const next: ProjectorView | null = view === 'join' ? (auto === 'join' ? 'round' : null) : 'join';
                forced.value = next === null ? null : { view: next, where };
              }}>
              {t(view === 'join' ? 'proj.showBoard' : 'proj.showJoin')}
            </button>
          </div>
        </div>
        <section class="join-view" data-testid="projector-join" hidden={view !== 'join'}>
          <JoinInfo code={code} size="large" />
        </section>
        {/* Who is here: large before the first round, and again between rounds. Keyed: a name already shown stays (its entrance plays once). */}
        <section class="names-view" hidden={view === 'round'}>
          <h2 id="names-heading" class="joined" data-testid="projector-joined">{plural('proj.waiting', here.length)}</h2>
          <ul class="projector-names" data-testid="projector-names" aria-labelledby="names-heading">
            {here.map((p) => <li key={p.id} data-id={p.id}>{p.nickname}</li>)}
          </ul>
        </section>
        <section class="results-view" data-testid="projector-results" aria-labelledby="results-heading" hidden={view !== 'results'}>
          <h2 id="results-heading" class="results-title" data-testid="results-title">{t(s?.phase === 'ended' ? 'proj.finalResults' : 'proj.results', { n: round })}</h2>
          {view === 'results' ? <Podium places={roundPodium(s, dash.value, round)} round={round} /> : null}
          {/* One leaderboard at a time (they share their heading's id); Preact keeps the rows, keyed by student. */}
          <div class="results-board">{view === 'results' ? <Leaderboard state={s} /> : null}</div>
        </section>
        <section class="board-view" hidden={view !== 'round'}>
          <div class="board-box">{view === 'round' ? <Leaderboard state={s} /> : null}</div>
          <LadderView s={s} ladder={ladder.value} />
        </section>
      </>
    );
  };

  const View = () => {
    const st = stage.value;
    return (
      <div class="projector-body">
        {st.kind === 'claiming' ? <p class="muted">{t('host.reclaiming', { code })}</p> : null}
        {st.kind === 'failed' ? <p class="error" role="alert" data-testid="projector-error">{st.failure ? failureText(st.failure) : t('err.noHostKey', { code })}</p> : null}
        {st.kind === 'ready' ? <Ready watch={st.watch} /> : null}
      </div>
    );
  };
  render(<View />, el);

  void claimHostSeat(ctx, code, 'projector').then((res) => {
    if ('failure' in res) {
      stage.value = { kind: 'failed', failure: res.failure };
      return;
    }
    const conn = res.seat.conn;
    state.value = ctx.latest.state;
    dash.value = ctx.latest.dashboard;
    stage.value = { kind: 'ready', watch: (pairId) => void conn.send('watchPair', { pairId }) };
  });

  return {
    el,
    dispose: () => {
      subs.dispose();
      render(null, el);
      if (ctx.seat?.role === 'projector') {
        ctx.seat.conn.leave();
        ctx.seat = null;
      }
    },
  };
}
