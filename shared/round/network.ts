import { drawFate, type Fate } from '../net/faults';
import { hasFlag, type Segment, type Side, type TcpState } from '../tcp/types';
import type { Round } from './round';
import type { FaultRule, Release } from './scenarios';

/*
 * The network's part of a round: what happens to each segment put on the wire — the scenario's
 * fault plan first, then the host's live injections, then the fate drawn from the settings with
 * the round's seeded RNG. These work on the round's working copy (see round.ts).
 */

function matches(rule: FaultRule, side: Side, seg: Segment, state: TcpState): boolean {
  return rule.side === side &&
    (rule.flags ?? []).every((f) => hasFlag(seg, f)) &&
    (!rule.withData || seg.len > 0) &&
    (!rule.state || rule.state === state);
}

/** Decide what the network does with a segment: plan, host injections, then the drawn fate. */
export function route(r: Round, id: string, side: Side, seg: Segment, state: TcpState, forced?: Fate): void {
  const plan = r.scenario.faults?.plan ?? [];
  for (let i = 0; i < plan.length; i++) {
    const rule = plan[i]!;
    if ((r.planUsed[i] ?? 0) >= (rule.count ?? 1) || !matches(rule, side, seg, state)) continue;
    if (rule.action === 'hold' && (r.planReleased[i] || (rule.release && releaseHolds(r, rule.release)))) continue;
    r.planUsed[i] = (r.planUsed[i] ?? 0) + 1;
    if (rule.action === 'drop') return schedule(r, id, { kind: 'drop', after: 0 });
    r.held.push({ id, rule: i });
    return;
  }
  const inj = r.injections.findIndex((j) => j.kind === 'delay-next' || j.kind === 'drop-next' && (!j.flag || hasFlag(seg, j.flag)));
  let extra = 0;
  if (inj >= 0) {
    const [j] = r.injections.splice(inj, 1);
    if (j?.kind === 'drop-next') return schedule(r, id, { kind: 'drop', after: 0 });
    if (j?.kind === 'delay-next') extra = j.ms;
  }
  let fate = forced;
  if (!fate) {
    const d = drawFate(r.settings.net, r.rng);
    r.rng = d.rng;
    fate = d.fate;
  }
  if (extra && fate.kind === 'deliver') fate = { kind: 'deliver', delays: fate.delays.map((x) => x + extra) };
  schedule(r, id, fate);
}

export function schedule(r: Round, id: string, fate: Fate): void {
  if (fate.kind === 'drop') {
    r.pending.push({ at: r.now + fate.after, n: ++r.counter, kind: 'drop', id });
    return;
  }
  for (const d of fate.delays) r.pending.push({ at: r.now + d, n: ++r.counter, kind: 'deliver', id });
}

export function releaseHolds(r: Round, rel: Release): boolean {
  const ep = r.eps[rel.side];
  if ('row' in rel) return ep.stateRow === rel.row;
  return rel.sent === 'SYN' ? ep.iss !== null : ep.finSeq !== null;
}

