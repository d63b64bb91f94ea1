/**
 * Teachers' own scenarios on a real server (issue 16): a host sends a scenario file; the class
 * plays it against the bot at human pace over 50 seeds (checkScenario, virtual time) and lists it
 * only if every run finished; bot students then play it like any other scenario, at the pace of
 * people; its definition stays with the stored round across a restart. A scenario that cannot
 * finish, or a bad file, is refused with the reason and changes nothing; SCENARIOS_DIR's bad files
 * are logged and skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'colyseus.js';
import { afterAll, describe, expect } from 'vitest';
import { checkTrace, parseScenarioFile, RoundsResponseSchema, SCENARIO_LIMITS, type ErrorEvent, type RoundEnded, type RoundStarted, type ScenarioFile } from '../../shared/index';
import { SqliteRecorder } from '../../server/replay/sqlite';
import { LIMITS } from '../../server/rooms/limits';
import { TRANSITIONS } from '../../shared/tcp/table';
import { RefusedError, RemoteHost } from '../support/bots/remote-host';
import { closeClass, openClass, serverTest, startTestServer } from './helpers';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'scenarios', name), 'utf8');
const SERVER_FIRST = JSON.parse(fixture('server-first.json')) as ScenarioFile;

/** A close that waits for data the server never sends: the check must refuse it. */
const NEVER_CLOSES: ScenarioFile = {
  ...SERVER_FIRST,
  id: 'custom-never-closes',
  calls: {
    client: [{ call: 'connect', when: { at: 'start' } }, { call: 'close', when: { received: 50 } }],
    server: [{ call: 'listen', when: { at: 'start' } }],
  },
  lesson: [],
};

const dir = mkdtempSync(join(tmpdir(), 'synack-scenarios-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const storeFile = join(dir, 'store', 'replays.sqlite');
const it = serverTest({ botDelayMs: 1200, recorder: new SqliteRecorder(storeFile) });

async function refusal(p: Promise<unknown>): Promise<ErrorEvent> {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof RefusedError)) throw new Error(`expected a refusal, got ${String(e)}`);
  return e.event;
}

describe('a class with scenarios of its own', () => {
  it('checks and lists a custom scenario, which bot students play at human pace; its definition is kept with the round after a restart', { timeout: 180_000 }, async ({ app }) => {
    const c = await openClass(app, 2, { thinkMs: [1500, 3500], mistakes: 1 });
    try {
      const listMark = c.host.inbox.mark();
      const added = await c.host.addScenario(SERVER_FIRST);
      expect(added).toEqual({ id: 'custom-server-first', runs: 100 });
      const listed = await c.host.inbox.waitFor<{ list: ScenarioFile[] }>('scenarios', (m) => m.list.length > 0, { since: listMark });
      expect(listed.list).toEqual([SERVER_FIRST]);
      // The class defaults: practice, delay 0.8–1.5 s, RTO 8 s, MSL 6 s.
      const config = await c.host.configureRound({ scenario: 'custom-server-first' });
      expect(config.scenario).toBe('custom-server-first');
      // Students have no list of custom scenarios: the synced state names it (the lobby says what comes next).
      const titleIn = (room: { state: unknown }) => {
        const s = room.state as { scenarioTitleEn?: string; scenarioTitleZh?: string };
        return { en: s.scenarioTitleEn, 'zh-CN': s.scenarioTitleZh };
      };
      for (const b of c.bots) await expect.poll(() => titleIn(b.room)).toEqual(SERVER_FIRST.title);
      const marks = c.bots.map((b) => b.inbox.mark());
      const started = await c.host.startRound();
      // …and to a student who joins while it runs (told what the class is playing).
      const late = await new Client(app.url).joinById(c.host.code, { nickname: 'Late' });
      try {
        await expect.poll(() => titleIn(late)).toEqual(SERVER_FIRST.title);
      } finally {
        await late.leave(true);
      }
      const told = await Promise.all(c.bots.map((b, i) => b.inbox.waitFor<RoundStarted>('roundStarted', () => true, { since: marks[i] })));
      for (const t of told) expect(t.about).toEqual({ title: SERVER_FIRST.title, summary: SERVER_FIRST.summary, achieved: SERVER_FIRST.achieved });
      const ended = await Promise.all(c.bots.map((b, i) => b.inbox.waitFor<RoundEnded>('roundEnded', (m) => m.round === started.round, { since: marks[i], timeoutMs: 150_000 })));
      for (const e of ended) expect(e).toMatchObject({ finished: true, done: true, lesson: true });
      // People: one answer each given wrong first, and long thinking while the network clock stood still.
      expect(ended.every((e) => (e.correct ?? 0) < (e.answers ?? 0))).toBe(true);
      await c.host.waitPhase('lobby', 10_000);
      const trace = await c.host.fetchTrace(started.round, 'pair1');
      expect(trace.meta?.scenario).toBe('custom-server-first');
      expect(checkTrace(trace).valid).toBe(true);
      const last = trace.events[trace.events.length - 1]!;
      expect(last.wall ?? 0).toBeGreaterThan(last.t);
      for (const b of c.bots) expect(b.unexpected, b.nickname).toEqual([]);
    } finally {
      await closeClass(c);
    }
    // The API gives the round with the scenario's definition…
    const res = await c.host.api(`/classes/${c.host.code}/rounds`);
    const body = RoundsResponseSchema.parse(await res.json());
    const round = body.rounds.find((r) => r.scenario === 'custom-server-first');
    expect(round?.result).toMatchObject({ finished: true, lesson: true });
    const kept = parseScenarioFile(JSON.stringify(round?.settings?.scenarioFile));
    expect(kept.ok && kept.scenario).toMatchObject({ id: SERVER_FIRST.id, title: SERVER_FIRST.title, calls: SERVER_FIRST.calls });
    // …and so does the store as a restarted server opens it (the class itself is gone by then).
    const reopened = new SqliteRecorder(storeFile);
    try {
      const stored = reopened.listRounds(c.host.code).find((r) => r.scenario === 'custom-server-first');
      expect(stored?.settings.scenarioFile).toEqual(round?.settings?.scenarioFile);
      expect(reopened.trace(stored!)?.events.length).toBe(round?.events);
    } finally {
      reopened.close();
    }
  });

  it.concurrent('refuses a scenario that cannot finish with the step that never happens, and changes nothing', async ({ app }) => {
    const c = await openClass(app, 0);
    try {
      const mark = c.host.inbox.mark();
      const e = await refusal(c.host.addScenario(NEVER_CLOSES));
      expect(e.code).toBe('scenario-cannot-finish');
      expect(e.message['zh-CN']).toMatch(/无法进行到结束/);
      expect(e.issues?.[0]?.text).toEqual({
        en: "The client's call 2 (close, when it has received 50 bytes) never happened: the client stayed in ESTABLISHED. (100 of 100 runs)",
        'zh-CN': '客户端的第 2 个调用（close，收到 50 字节后）始终没有发生：客户端停在 ESTABLISHED。（100 次中有 100 次）',
      });
      // Nothing listed; the class cannot choose it.
      expect(c.host.inbox.all('scenarios', mark)).toEqual([]);
      expect((await refusal(c.host.configureRound({ scenario: 'custom-never-closes' }))).code).toBe('unknown-scenario');
      expect(c.host.config?.scenario).toBe('handshake');
    } finally {
      await closeClass(c);
    }
  });

  it.concurrent('refuses a bad file with the field at fault in both languages; a malformed one at the edge', async ({ app }) => {
    const c = await openClass(app, 0);
    try {
      const bad = { ...SERVER_FIRST, lesson: [{ side: 'client', row: 'no-such-row' }] };
      const e = await refusal(c.host.addScenario(bad));
      expect(e.code).toBe('bad-scenario');
      expect(e.issues?.[0]).toMatchObject({ path: 'lesson[0].row', text: { en: 'lesson[0].row: "no-such-row" is not a row of the transition table', 'zh-CN': 'lesson[0].row："no-such-row" 不是状态转换表中的一行' } });
      for (const junk of [{ ...SERVER_FIRST, id: 'handshake' }, { ...SERVER_FIRST, version: 2 }, 'x', null, { ...SERVER_FIRST, title: { en: 'only English' } }]) {
        expect((await refusal(c.host.addScenario(junk))).code).toBe('bad-message');
      }
      // The class still plays, and still lists nothing of its own.
      expect((await c.host.configureRound({ scenario: 'lifecycle' })).scenario).toBe('lifecycle');
    } finally {
      await closeClass(c);
    }
  });
});

describe('SCENARIOS_DIR', () => {
  it('lists every good file for every class, and logs and skips the bad ones without failing startup', async () => {
    const folder = join(dir, 'school');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    writeFileSync(join(folder, 'a-good.json'), fixture('server-first.json'));
    writeFileSync(join(folder, 'b-not-json.json'), '{ "format": ');
    writeFileSync(join(folder, 'c-cannot-finish.json'), JSON.stringify(NEVER_CLOSES));
    writeFileSync(join(folder, 'd-same-id.json'), JSON.stringify({ ...SERVER_FIRST, title: { en: 'Again', 'zh-CN': '再一次' } }));
    writeFileSync(join(folder, 'e-wrong.json'), JSON.stringify({ ...SERVER_FIRST, id: 'custom-wrong', end: { client: 'DONE', server: 'CLOSED' } }));
    writeFileSync(join(folder, 'notes.txt'), 'not a scenario');
    const lines: string[] = [];
    const app = await startTestServer({ scenariosDir: folder, log: (l) => lines.push(l) });
    try {
      expect(lines.filter((l) => l.startsWith('scenario '))).toEqual([
        'scenario a-good.json listed for every class: custom-server-first ("Server answers, then hangs up")',
        'scenario b-not-json.json skipped: The file is not valid JSON.',
        "scenario c-cannot-finish.json skipped: it cannot be played to its end: The client's call 2 (close, when it has received 50 bytes) never happened: the client stayed in ESTABLISHED.",
        'scenario d-same-id.json skipped: the id custom-server-first is already used by another file',
        expect.stringMatching(/^scenario e-wrong\.json skipped: end\.client: must be one of "CLOSED", /),
      ]);
      for (let i = 0; i < 2; i++) {
        const host = await RemoteHost.create(new Client(app.url), app.url);
        try {
          const list = await host.inbox.waitFor<{ list: ScenarioFile[] }>('scenarios', () => true, { since: 0 });
          expect(list.list.map((s) => s.id)).toEqual(['custom-server-first']);
          expect((await host.configureRound({ scenario: 'custom-server-first' })).scenario).toBe('custom-server-first');
        } finally {
          await host.leave();
        }
      }
    } finally {
      await app.close();
    }
    // A folder that does not exist: logged, and the server starts all the same.
    const missing: string[] = [];
    const other = await startTestServer({ scenariosDir: join(dir, 'nowhere'), log: (l) => missing.push(l) });
    await other.close();
    expect(missing.some((l) => l.startsWith(`SCENARIOS_DIR ${join(dir, 'nowhere')}: cannot be read`))).toBe(true);
  });
});

describe('the largest scenario file', () => {
  it('fits in one websocket message of a host (under the server limit)', () => {
    const longestRow = [...TRANSITIONS].map((r) => r.id).sort((a, b) => b.length - a.length)[0]!;
    const zh = (n: number) => '中'.repeat(n);
    const text = (n: number) => ({ en: 'e'.repeat(n), 'zh-CN': zh(n) });
    const call = { call: 'send', bytes: SCENARIO_LIMITS.bytes, when: { received: 24_000 } };
    const file = {
      ...SERVER_FIRST,
      id: `custom-${'x'.repeat(SCENARIO_LIMITS.idChars - 7)}`,
      title: text(SCENARIO_LIMITS.titleChars), summary: text(SCENARIO_LIMITS.summaryChars), achieved: text(SCENARIO_LIMITS.achievedChars),
      prelude: 'handshake',
      calls: { client: Array(SCENARIO_LIMITS.callsPerSide).fill(call), server: Array(SCENARIO_LIMITS.callsPerSide).fill(call) },
      faults: {
        plan: Array(SCENARIO_LIMITS.faultRules).fill({ side: 'client', flags: ['SYN', 'ACK', 'FIN', 'RST', 'PSH'], withData: true, state: 'ESTABLISHED', count: 100, action: 'hold', release: { side: 'server', row: longestRow } }),
        inject: Array(SCENARIO_LIMITS.injections).fill({ side: 'client', flags: ['SYN'], when: { side: 'server', state: 'ESTABLISHED' }, arrives: 'now' }),
        suggestedLoss: 0.25,
      },
      lesson: Array(SCENARIO_LIMITS.lessonSteps).fill({ side: 'server', row: longestRow }),
      rtoFlights: 8,
    };
    expect(parseScenarioFile(JSON.stringify(file)).ok).toBe(true);
    // JSON is larger than the MessagePack the client sends.
    const bytes = Buffer.byteLength(JSON.stringify({ scenario: file, rid: 2_147_483_647 }));
    console.log(`largest scenario file: ${bytes} bytes as JSON (limit ${LIMITS.maxPayloadBytes})`);
    expect(bytes).toBeLessThan(LIMITS.maxPayloadBytes);
  });
});

describe('npm run simulate -- --file', () => {
  const run = (file: string) => spawnSync(join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx'), ['server/cli/simulate.ts', '--file', file, '--seeds', '5'], {
    cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8', timeout: 60_000,
  });

  it('checks and simulates a teacher’s file; a file that cannot finish exits 1 with the reason; a bad one with its errors', () => {
    const good = run(join(import.meta.dirname, '..', 'fixtures', 'scenarios', 'server-first.json'));
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain('custom-server-first: 10/10 runs finished (a person in each seat against the bot)');
    expect(good.stdout).toContain('custom-server-first: 40/40 ended by themselves, lessons 40');
    const neverFile = join(dir, 'never.json');
    writeFileSync(neverFile, JSON.stringify(NEVER_CLOSES));
    const never = run(neverFile);
    expect(never.status).toBe(1);
    expect(never.stdout).toContain("The client's call 2 (close, when it has received 50 bytes) never happened: the client stayed in ESTABLISHED. (10 runs; first: the person as client, seed 1)");
    const badFile = join(dir, 'bad.json');
    writeFileSync(badFile, JSON.stringify({ ...SERVER_FIRST, end: undefined }));
    const bad = run(badFile);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${badFile}: end: is missing`);
  });
});
