/**
 * A class at human pace in the browser (issue 14, tested as people play): every answer comes
 * seconds after the last one. One student plays on a phone page; three bot students think 3–7 s
 * before each move. The host shows the phone student's pair on the projector and does nothing
 * more: when every pair is done the round ends by itself (auto-end), the projector shows the
 * results, and when the host starts the next round it is on the same pair's new ladder with no
 * click. In the second round the host drops the next segment of the other pair while its students
 * think: the fault says "armed" for as long as they think, then "used" once the segment is lost,
 * and that pair still finishes (the retransmission timer runs on network time, which waits for
 * people). Needs `npm run build` first, and Chromium.
 */
import { Client } from 'colyseus.js';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteBot } from '../support/bots/index';
import { useE2E, HAVE_CHROMIUM, HostPage, PHONE, Player, SKIP_NOTE, WAIT, mod32, screenshot, text } from './helpers';

/** A person's think time before each answer (the phone student's; the bots draw from THINK_BOTS). */
const THINK_MS = 4000;
const THINK_BOTS: [number, number] = [3000, 7000];
/** Long enough for a round played at this pace (a handshake is five moves of up to 7 s, twice with a loss). */
const ROUND_WAIT = 120_000;

describe.skipIf(!HAVE_CHROMIUM)(`a class at human pace${HAVE_CHROMIUM ? '' : ` — ${SKIP_NOTE}`}`, () => {
  const b = useE2E();
  let bots: RemoteBot[] = [];
  afterEach(async () => {
    await Promise.all(bots.map((x) => x.leave().catch(() => undefined)));
    bots = [];
  });

  /** The id of the pair whose card names this student. */
  async function pairOf(host: HostPage, name: string): Promise<string> {
    let id = '';
    await expect.poll(async () => {
      id = await host.page.locator('.pair-card').evaluateAll((cards, n) => {
        const card = cards.find((c) => [...c.querySelectorAll('td, th, .name, .who')].some((e) => e.textContent?.includes(n)));
        return card?.getAttribute('data-testid')?.replace(/^pair-/, '') ?? '';
      }, name);
      return id;
    }, { timeout: WAIT }).not.toBe('');
    return id;
  }

  /** The phone student plays their side of the handshake, thinking before each answer. */
  async function playHandshake(me: Player, isn: number): Promise<void> {
    const role = await expect.poll(async () => {
      const lines = (await me.inbox()).map((e) => e.text);
      return lines.some((l) => l.includes(text('inbox.app.connect'))) ? 'client' : lines.some((l) => l.includes(text('inbox.app.listen'))) ? 'server' : '';
    }, { timeout: WAIT }).not.toBe('').then(async () => ((await me.inbox()).some((e) => e.text.includes(text('inbox.app.connect'))) ? 'client' : 'server'));
    if (role === 'client') {
      await me.think(THINK_MS);
      await me.sendCorrect({ flags: ['SYN'], seq: isn, ack: 0, len: 0 }, 'SYN_SENT');
      const synAck = await me.nextArrival((s) => s.flags.includes('SYN'));
      expect(synAck.ack).toBe(mod32(isn + 1));
      await me.think(THINK_MS);
      await me.sendCorrect({ flags: ['ACK'], seq: mod32(isn + 1), ack: mod32(synAck.seq + 1), len: 0 }, 'ESTABLISHED');
    } else {
      // listen() moves the server to LISTEN without sending: the student says so (the clock waits for it).
      await me.think(THINK_MS);
      await me.declareCorrect('LISTEN');
      const syn = await me.nextArrival((s) => s.flags.includes('SYN'));
      await me.think(THINK_MS);
      await me.sendCorrect({ flags: ['SYN', 'ACK'], seq: isn, ack: mod32(syn.seq + 1), len: 0 }, 'SYN_RCVD');
      const ack = await me.nextArrival((s) => s.flags.includes('ACK'));
      expect(ack.ack).toBe(mod32(isn + 1));
      await me.think(THINK_MS);
      // The last answer of the round: its feedback is "done" (checked by the caller).
      await me.declare('ESTABLISHED');
    }
  }

  /** The projector shows round `round` of pair `pairId`, and the dashboard marks that pair, and only it. */
  async function expectProjected(proj: Page, host: HostPage, round: number, pairId: string, other: string): Promise<void> {
    await expect.poll(() => proj.getByTestId('projector').getAttribute('data-view'), { timeout: WAIT }).toBe('round');
    const view = proj.getByTestId('projector-ladder');
    await expect.poll(() => view.getAttribute('data-round'), { timeout: WAIT }).toBe(String(round));
    expect(await view.getAttribute('data-pair')).toBe(pairId);
    expect(await proj.getByTestId('projector-pair-select').inputValue()).toBe(pairId);
    await host.page.getByTestId(`watch-${pairId}`).filter({ hasText: text('host.watching') }).waitFor({ timeout: WAIT });
    expect(await host.page.getByTestId(`watch-${other}`).textContent()).toBe(text('host.watch'));
  }

  it('round after round without a click: auto-end at human pace, the projector on the watched pair, a drop armed while people think and used when it happens', async () => {
    const host = await HostPage.create(b.env);
    await host.configure({ scenario: 'handshake', rtoS: 3, mslS: 3, delayMin: 300, delayMax: 600, autoEnd: true });
    const [proj] = await Promise.all([host.page.context().waitForEvent('page'), host.page.getByTestId('open-projector').click()]);
    await proj.setViewportSize({ width: 1920, height: 1080 });
    await proj.getByTestId('projector-code').waitFor({ timeout: WAIT });

    const ana = await Player.join(b.env, host.code, 'Ana', false, PHONE);
    const client = new Client(b.env.base);
    for (const [i, nickname] of ['Ben', 'Cho', 'Dan'].entries()) {
      bots.push(await RemoteBot.join(client, host.code, { nickname, seed: 40 + i, declareStates: true, thinkMs: THINK_BOTS }));
    }
    await host.waitForStudents(['Ana', 'Ben', 'Cho', 'Dan']);
    for (const n of ['Ana', 'Ben', 'Cho', 'Dan']) await proj.getByTestId('projector-names').getByText(n, { exact: true }).waitFor({ timeout: WAIT });

    // Round 1: the host puts Ana's pair on the projector, once.
    await host.startRound(1);
    const mine = await pairOf(host, 'Ana');
    const theirs = mine === 'pair1' ? 'pair2' : 'pair1';
    await host.page.getByTestId(`watch-${mine}`).click();
    await expectProjected(proj, host, 1, mine, theirs);
    const started = Date.now();
    await playHandshake(ana, 4021);
    await ana.expectDone();
    // Nobody ends the round: when both pairs are done it ends by itself, and the projector shows the results.
    await expect.poll(() => proj.getByTestId('projector').getAttribute('data-view'), { timeout: ROUND_WAIT }).toBe('results');
    await proj.getByTestId('results-title').filter({ hasText: text('proj.results', { n: 1 }) }).waitFor({ timeout: WAIT });
    await host.page.getByTestId('round-status').filter({ hasText: text('phase.lobby') }).waitFor({ timeout: WAIT });
    // It was played at human pace: at least the phone student's three thinks.
    expect(Date.now() - started).toBeGreaterThan(3 * THINK_MS);
    await screenshot(proj, 'human-pace-results-1');

    // Round 2: the projector is on Ana's pair's new round at once.
    await host.startRound(2);
    await expectProjected(proj, host, 2, mine, theirs);
    // The other pair's next segment is dropped; its students are still thinking about their first move.
    const status = host.page.getByTestId(`inject-drop-next-${theirs}-status`);
    await host.page.getByTestId(`inject-drop-next-${theirs}`).click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: WAIT }).toBe('armed');
    // A person's think later it is still armed (nothing was sent meanwhile, nothing used it).
    await host.page.waitForTimeout(1500);
    expect(await status.getAttribute('data-status')).toBe('armed');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: ROUND_WAIT }).toBe('used');
    expect(await status.textContent()).toBe(text('fault.used'));
    await screenshot(host.page.getByTestId(`pair-${theirs}`), 'human-pace-drop-used');

    // A new round: a new inbox, nothing of it answered yet.
    const ana2 = new Player(ana.page, 'Ana');
    await playHandshake(ana2, 700);
    await ana2.expectDone();
    // The pair that lost a segment retransmits and finishes too; the round ends by itself again.
    await host.expectFinished(theirs);
    await expect.poll(() => proj.getByTestId('projector').getAttribute('data-view'), { timeout: ROUND_WAIT }).toBe('results');
    await proj.getByTestId('results-title').filter({ hasText: text('proj.results', { n: 2 }) }).waitFor({ timeout: WAIT });
    // The fault stays "used" on the card of the round it belonged to until the next round starts.
    expect(await status.getAttribute('data-status')).toBe('used');
    await screenshot(proj, 'human-pace-results-2');
  }, 300_000);
});
