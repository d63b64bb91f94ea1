/** The built client: gzip size of every chunk, and the student page until usable in headless Chromium. */
import { buildClient, clientSizes, pageTiming, type ClientSizes, type PageTiming } from '../lib/client';
import { phoneTiming, type PhoneTiming } from '../lib/phone';
import { CFG, log, note, settle, startLoadgens, startServers, stopAll } from '../lib/run';

// ── client ──

export async function clientSection(): Promise<{ sizes: ClientSizes | { error: string }; page: PageTiming | null; phone: PhoneTiming | null; build: { ok: boolean; ms: number } | null }> {
  let build: { ok: boolean; ms: number } | null = null;
  if (CFG.build) {
    log('client: npm run build');
    const b = await buildClient(log);
    build = { ok: b.ok, ms: b.ms };
    if (!b.ok) note(`client build failed, measuring client/dist as it was: ${b.output.split('\n').slice(-5).join(' | ')}`);
  }
  const sizes = clientSizes();
  if ('error' in sizes) {
    note(`client: ${sizes.error}`);
    return { sizes, page: null, phone: null, build };
  }
  log(`client: initial JS ${(sizes.initial_js_gzip_bytes_excl_phaser / 1024).toFixed(1)} KB gzip apart from Phaser (${sizes.initial_files.join(', ')}), Phaser ${(((sizes.phaser_gzip_bytes ?? 0) as number) / 1024).toFixed(1)} KB`);
  const lgs = startLoadgens();
  const servers = await startServers(1);
  try {
    const { code } = await lgs[0]!.call<{ code: string }>('storm.create', { url: servers[0]!.url }, 30_000);
    await settle('page');
    const page = await pageTiming(servers[0]!.url, code, CFG.pageRuns, log);
    if (page.error) note(`page timing: ${page.error}`);
    log(`client: page usable ${page.page_usable_ms} ms, seated ${page.page_seated_ms} ms after submit (median of ${page.runs})`);
    await lgs[0]!.call('storm.clear', {}, 30_000);
    let phone: PhoneTiming | null = null;
    if (CFG.phoneRuns > 0) {
      await settle('phone');
      log(`client: the student page on a throttled phone, ${CFG.phoneRuns} first visit(s)`);
      phone = await phoneTiming(servers[0]!.url, CFG.phoneRuns, CFG.phoneLobbyMs, log);
      if (phone.error) note(`phone timing: ${phone.error}`);
      log(`client (phone): usable ${phone.phone_usable_ms} ms, seated ${phone.phone_seated_ms} ms, round start → composer ${phone.phone_round_composer_ms} ms, → scene ${phone.phone_round_scene_ms} ms (median of ${phone.runs})`);
    }
    return { sizes, page, phone, build };
  } finally {
    await stopAll(servers);
  }
}
