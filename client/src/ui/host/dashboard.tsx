import { signal } from '@preact/signals';
import { render } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { Subscriptions } from '../../bus';
import { pairName } from '../../i18n/plural';
import { lang, t, type TextKey } from '../../i18n/ui';
import type { ServerEvents } from '../../net/events';
import type { JoinFailure } from '../../net/join-error';
import { Session } from '../../net/session';
import { withTotals } from '../../net/totals';
import { failureText } from '../errors';
import type { AppCtx, Screen } from '../screen';
import { claimHostSeat } from './claim';
import { fetchCheckBank, loadCheckBank } from '../../net/check-bank';
import { CheckControls } from './checks';
import { Controls } from './controls';
import { EndedKeyCard } from './ended-key';
import { JoinInfo } from './join-info';
import { faultLabel, PairGrid } from './pair-grid';
import { Roster } from './roster';
import { ScenarioEditor } from './scenario-editor';
import { SettingsForm } from './settings';

/** A panel that keeps its own element (a class with `el`), placed here as it is. */
function Slot({ el }: { el: HTMLElement }) {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (box.current && box.current.firstChild !== el) box.current.replaceChildren(el);
  }, [el]);
  return <div class="slot" ref={box} />;
}

const reviewHref = (code: string) => `/review.html?code=${encodeURIComponent(code)}`;

/**
 * The end of the class: how many rounds, the way to the review, a new class; and, when this tab
 * ended it, the host key once (its Copy button takes the focus; otherwise the heading does).
 */
function ClassOver({ code, rounds, hostKey }: { code: string; rounds: number; hostKey: string | null }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    if (!hostKey) heading.current?.focus();
  }, []);
  return (
    <>
      <section class="card class-over" aria-labelledby="class-over-heading" data-testid="host-class-ended">
        <h2 id="class-over-heading" tabIndex={-1} ref={heading}>{t('host.classOver')}</h2>
        <p data-testid="class-over-note">{t('host.classOverNote', { n: rounds })}</p>
        <div class="actions">
          <a href={reviewHref(code)} target="_blank" rel="noopener" class="button primary" data-testid="class-over-review">{t('host.review')}</a>
          <a href="/" class="button">{t('host.classOverNewClass')}</a>
        </div>
      </section>
      {hostKey ? <EndedKeyCard code={code} hostKey={hostKey} /> : null}
    </>
  );
}

interface Parts {
  controls: Controls;
  checks: CheckControls;
  settings: SettingsForm;
  editor: ScenarioEditor;
  roster: Roster;
  grid: PairGrid;
}

type Stage =
  | { kind: 'claiming' }
  | { kind: 'failed'; failure: JoinFailure | null }
  | { kind: 'ready'; parts: Parts }
  | { kind: 'over'; rounds: number; hostKey: string | null };

/**
 * The instructor's dashboard: join info to share, round controls, settings, roster and pairs, and
 * the live grid of pairs with fault injection. Reclaims the class after a refresh with the
 * reconnection token or the host key kept in this browser. When this tab ends the class, the host
 * key is shown once and forgotten (a projector or another tab of the class shows nothing of it);
 * the end-of-class card stays, and a reload after the end shows it again (this browser remembers
 * that it saw the class end). A Preact screen; its panels are mounted in it as they are.
 */
export function dashboard(ctx: AppCtx, code: string): Screen {
  const subs = new Subscriptions();
  const el = document.createElement('main');
  el.className = 'host';
  /** The line of news: a function, so that it is said again in the page's language after a switch. */
  const notice = signal<() => string>(() => '');
  const say = (fn: () => string) => (notice.value = fn);
  const stage = signal<Stage>({ kind: 'claiming' });
  let parts: Parts | null = null;

  const Body = () => {
    const s = stage.value;
    if (s.kind === 'claiming') return <p class="muted">{t('host.reclaiming', { code })}</p>;
    if (s.kind === 'failed') {
      return (
        <>
          <p class="error" role="alert" data-testid="host-error">{s.failure ? failureText(s.failure) : t('err.noHostKey', { code })}</p>
          <a href="/" class="button">{t('play.backHome')}</a>
        </>
      );
    }
    if (s.kind === 'over') return <ClassOver code={code} rounds={s.rounds} hostKey={s.hostKey} />;
    const { controls, checks, settings, editor, roster, grid } = s.parts;
    return (
      <>
        <section class="card share" aria-label={t('host.link')}>
          <JoinInfo code={code} size="small" />
          <div>
            <a href={`#projector=${code}`} target="_blank" rel="noopener" class="button" data-testid="open-projector">{t('host.projector')}</a>
            <a href={reviewHref(code)} target="_blank" rel="noopener" class="button" data-testid="open-review">{t('host.review')}</a>
            <p class="hint" data-testid="host-key-note">{t(Session.shared ? 'host.keyNoteShared' : 'host.keyNote')}</p>
          </div>
        </section>
        <section class="card"><Slot el={controls.el} /></section>
        <section class="card" aria-labelledby="check-controls-heading"><Slot el={checks.el} /></section>
        <div class="host-columns"><Slot el={settings.el} /><Slot el={roster.el} /></div>
        <Slot el={grid.el} />
        <Slot el={editor.el} />
      </>
    );
  };
  const View = () => (
    <>
      <h1>{t('host.dashboard')}</h1>
      <p class="host-notice" role="status" aria-live="polite" data-testid="host-notice">{notice.value()}</p>
      <div class="host-body"><Body /></div>
    </>
  );
  render(<View />, el);

  void claimHostSeat(ctx, code, 'host').then((res) => {
    if ('failure' in res) {
      // The class ended while this browser's host watched: the end-of-class card, not an error.
      const rounds = Session.endedRounds(code);
      stage.value = rounds !== null ? { kind: 'over', rounds, hostKey: null } : { kind: 'failed', failure: res.failure };
      return;
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
      if (conn.send('configureRound', config)) pendingSaves++;
    });
    /** Settings sent and not yet answered (the server answers each with the config, or refuses it). */
    let pendingSaves = 0;
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
        if (conn.send('handToBot', { pairId, side })) say(() => t('host.handedToBot', { side: t(side === 'client' ? 'side.client' : 'side.server'), pair: pairName(pairId, lang.value) }));
      },
      endRound: () => conn.send('endRound'),
    });
    const checks = new CheckControls((c) => {
      if (c.kind === 'choose') conn.send('configureCheck', { random: c.random });
      else if (c.kind === 'pick') conn.send('configureCheck', { questions: c.questions });
      else if (c.kind === 'open') conn.send('openCheck', { stage: c.stage });
      else conn.send('closeCheck');
    }, {
      fetch: () => fetchCheckBank(code, Session.hostKey(code)),
      load: (text) => loadCheckBank(code, Session.hostKey(code), text),
    });
    if (ctx.latest.checkStatus) checks.showStatus(ctx.latest.checkStatus);
    if (ctx.latest.checkResults) checks.showResults(ctx.latest.checkResults);
    subs.add(ctx.bus.on('checkStatus', (m) => checks.showStatus(m)));
    subs.add(ctx.bus.on('checkResults', (m) => checks.showResults(m)));
    // The scenario editor (issue 16): the server checks a scenario by playing it before listing it.
    const editor = new ScenarioEditor((scenario) => conn.send('addScenario', { scenario }));
    subs.add(ctx.bus.on('scenarioAdded', (m) => editor.accepted(m)));
    parts = { controls, checks, settings, editor, roster, grid };
    stage.value = { kind: 'ready', parts };

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
    const showState = () => {
      const s = ctx.latest.state;
      if (!s) return;
      controls.show(s.round, s.phase);
      parts?.checks.show(s.round, s.phase);
      showScenario();
      roster.show(withTotals(s, ctx.latest.dashboard) ?? s);
      // A new round: what was said of the last one (a fault set, a seat handed over) is old news.
      if (s.phase === 'running' && s.round !== shownRound && shownRound !== -1 && !ended) say(() => '');
      if (s.phase === 'running') shownRound = s.round;
      if (shownRound === -1) shownRound = s.round;
      // "On the projector" is the class's watched pair, the same the projector's selector shows —
      // while a round is played. Between rounds the cards are the last round's, and the watched
      // pair (the coming round's, which may share a card's number) is not on any of them.
      const live = s.phase === 'running' || s.phase === 'paused';
      grid.markWatched(live ? s.watched : '');
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
      if (pendingSaves > 0) settings.saved(--pendingSaves === 0);
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
      // The roster's scores are live in the dashboard while a round runs.
      const s = ctx.latest.state;
      if (s && d.totals) roster.show(withTotals(s, d) ?? s);
    }));
    subs.add(ctx.bus.on('faultInjected', (f) => {
      // The button on each card it was set on says armed now; the line says it in words.
      grid.faultSet(f.target, f);
      say(() => t('host.faultSet', { what: faultLabel(f), target: f.target === 'all' ? t('host.allPairs') : pairName(f.target, lang.value) }));
    }));
    subs.add(ctx.bus.on('error', (e) => {
      say(() => e.message[lang.value]);
      if (e.intent === 'renameStudent' || e.intent === 'removeStudent') return roster.refused(e.intent, e.message);
      if (e.intent === 'addScenario') return parts?.editor.refused(e);
      if (e.intent !== 'configureRound') return;
      // A refusal of the class size alone goes next to its field; one of the settings form's, to the form.
      if (pendingSize !== null && pendingSaves === 0) {
        pendingSize = null;
        return roster.refused(e.intent, e.message);
      }
      pendingSize = null;
      // Refused settings: the reasons (both languages) go next to their fields.
      pendingSaves = Math.max(0, pendingSaves - 1);
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
      controls.show(rounds, 'ended');
      // A reload of this page shows the end again (the class is gone from the server).
      Session.markEnded(code, rounds);
      const key = c.reason === 'host' ? endingKey : null;
      if (key !== null) {
        // This tab ended the class: the key once, for the review later; then this browser forgets it.
        endingKey = null;
        Session.forgetHostKey(code);
      }
      stage.value = { kind: 'over', rounds, hostKey: key || null };
    }));
  });

  return {
    el,
    dispose: () => {
      subs.dispose();
      if (parts) for (const p of Object.values(parts)) p.dispose();
      render(null, el);
      if (ctx.seat?.role === 'host') {
        ctx.seat.conn.leave();
        ctx.seat = null;
      }
    },
  };
}
