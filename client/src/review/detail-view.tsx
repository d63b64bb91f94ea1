import { explainRule } from '../../../shared/i18n/index';
import type { Side } from '../../../shared/tcp/types';
import { showValue, type EventDetail } from './detail';
import { h } from './dom';
import { formatDuration, formatTime, playerName, rtIn, type Lang } from './i18n';

/**
 * The detail panel's content for one segment or declared state: who chose it, a table of what was
 * chosen against what was correct and how long it took (wall time, when the trace has it), each
 * broken rule explained in full in the page's language (with the hint a practising student gets at
 * a first mistake), what the network did with it, and the state change as the game names it (with
 * RFC 9293's state where that differs).
 */
export function detailContent(d: EventDetail | null, lang: Lang, names: Record<Side, string>, judge: readonly Side[]): HTMLElement[] {
  if (!d) return [h('p', { class: 'muted', text: rtIn(lang, 'detail.empty') })];
  const side = (x: Side) => rtIn(lang, `side.${x}`);
  const out: HTMLElement[] = [];
  out.push(h('h3', {
    id: 'detail-heading',
    text: d.kind === 'send' ? rtIn(lang, 'detail.heading', { id: d.id, from: side(d.side), to: side(d.to) }) : rtIn(lang, 'detail.stateHeading', { side: side(d.side) }),
  }));
  out.push(h('p', { class: 'muted' }, rtIn(lang, 'detail.at', { t: formatTime(d.t, lang) }), d.kind === 'send' ? h('code', { class: 'seg-code', text: ` · ${d.label}` }) : null));

  let who: string;
  if (d.kind === 'send' && d.origin === 'auto') who = rtIn(lang, 'detail.byAuto', { side: side(d.side) });
  else if (d.kind === 'send' && d.origin === 'network') who = rtIn(lang, 'detail.byNetwork', { side: side(d.side) });
  else if (!judge.includes(d.side)) who = rtIn(lang, 'detail.byScripted', { side: side(d.side) });
  else {
    const name = names[d.side] ? playerName(names[d.side], lang) : '';
    who = name ? rtIn(lang, 'detail.byPlayer', { name, side: side(d.side) }) : rtIn(lang, 'detail.byPlayerAnon', { side: side(d.side) });
  }
  out.push(h('p', { text: who }));
  if (d.answeredAfterMs !== null) out.push(h('p', { class: 'answered muted', 'data-testid': 'detail-answered', text: rtIn(lang, 'detail.answeredAfter', { d: formatDuration(d.answeredAfterMs, lang), side: side(d.side) }) }));

  if (d.verdict) {
    const wrong = new Set(d.verdict.errors.map((e) => e.field)).size;
    out.push(h('p', {
      class: `verdict ${d.verdict.ok ? 'ok' : 'wrong'}`, 'data-testid': 'detail-verdict',
      text: d.verdict.ok ? rtIn(lang, 'detail.okAll') : rtIn(lang, wrong === 1 ? 'detail.wrong1' : 'detail.wrongN', { n: wrong }),
    }));
    const table = h('table', { class: 'fields' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: rtIn(lang, 'detail.field') }), h('th', { scope: 'col', text: rtIn(lang, 'detail.chosen') }), h('th', { scope: 'col', text: rtIn(lang, 'detail.correct') }))));
    const body = h('tbody');
    for (const row of d.fields) {
      body.append(h('tr', { class: row.ok ? 'ok' : 'wrong', 'data-field': row.field },
        h('th', { scope: 'row', text: rtIn(lang, `field.${row.field}`) }),
        h('td', { class: 'mono' }, `${row.ok ? '' : '✗ '}${showValue(row.field, row.got, lang)}`),
        h('td', { class: 'mono', text: row.ok ? rtIn(lang, 'detail.fieldOk') : row.expected !== undefined ? showValue(row.field, row.expected, lang) : '—' })));
    }
    table.append(body);
    out.push(table);
    if (d.verdict.errors.length) {
      out.push(h('h4', { text: rtIn(lang, 'detail.rules') }));
      const list = h('ul', { class: 'rules', 'data-testid': 'detail-rules' });
      for (const err of d.verdict.errors) {
        list.append(h('li', { lang },
          h('code', { class: 'rule-id', text: err.rule }),
          h('span', { class: 'rule-text', 'data-testid': 'rule-explanation', text: explainRule(err.rule, lang, { expected: err.expected, got: err.got }) }),
          h('span', { class: 'rule-hint', 'data-testid': 'rule-hint', text: `${rtIn(lang, 'detail.hint')}${lang === 'zh-CN' ? '' : ' '}${explainRule(err.rule, lang, { got: err.got }, { hint: true })}` })));
      }
      out.push(list);
    }
  } else if (d.kind === 'send') {
    // Not judged: the fields still say what went onto the wire.
    out.push(h('p', { class: 'mono', text: `flags ${showValue('flags', d.segment.flags, lang)} · seq ${d.segment.seq} · ack ${d.segment.ack} · len ${d.segment.len}` }));
  }

  if (d.kind === 'send') {
    const fate = h('ul', { class: 'fate' });
    d.deliveries.forEach((x, i) => fate.append(h('li', { text: rtIn(lang, i === 0 ? 'detail.delivered' : 'detail.deliveredAgain', { to: side(d.to), t: formatTime(x.t, lang) }) })));
    if (d.lost) fate.append(h('li', { text: rtIn(lang, 'detail.lost', { t: formatTime(d.lost.t, lang) }) }));
    if (d.refused) fate.append(h('li', { text: rtIn(lang, 'detail.refused') }));
    if (d.carriedOn) fate.append(h('li', { text: rtIn(lang, 'detail.carried', { label: d.carriedOn.label }) }));
    if (!d.refused && !d.lost && d.deliveries.length === 0) fate.append(h('li', { text: rtIn(lang, 'detail.inFlight') }));
    if (d.retransmit) fate.append(h('li', { text: rtIn(lang, 'detail.retransmit', { side: side(d.side) }) }));
    out.push(fate);
  }
  if (d.states.before !== d.states.after) out.push(h('p', { class: 'muted', text: rtIn(lang, 'detail.stateChange', { side: side(d.side), before: d.states.before, after: d.states.after }) }));
  if (d.rfc) out.push(h('p', { class: 'muted', 'data-testid': 'detail-rfc-state', text: rtIn(lang, 'detail.rfcState', { state: d.rfc.state, call: `${d.rfc.call}()`, carrier: d.rfc.carrier }) }));
  return out;
}
