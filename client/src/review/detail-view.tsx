import { explainRule } from '../../../shared/i18n/index';
import type { Side } from '../../../shared/tcp/types';
import { pluralIn, textIn, type Lang } from '../i18n/ui';
import { showValue, type EventDetail } from './detail';
import { formatDuration, formatTime, playerName } from './format';

export interface DetailProps {
  d: EventDetail | null;
  lang: Lang;
  names: Record<Side, string>;
  judge: readonly Side[];
}

/**
 * The detail panel's content for one segment or declared state: who chose it, a table of what was
 * chosen against what was correct and how long it took (wall time, when the trace has it), each
 * broken rule explained in full in the page's language (with the hint a practising student gets at
 * a first mistake), what the network did with it, and the state change as the game names it (with
 * RFC 9293's state where that differs).
 */
export function DetailContent({ d, lang, names, judge }: DetailProps) {
  if (!d) return <p class="muted">{textIn(lang, 'review.detail.empty')}</p>;
  const side = (x: Side) => textIn(lang, `side.${x}`);
  let who: string;
  if (d.kind === 'send' && d.origin === 'auto') who = textIn(lang, 'review.detail.byAuto', { side: side(d.side) });
  else if (d.kind === 'send' && d.origin === 'network') who = textIn(lang, 'review.detail.byNetwork', { side: side(d.side) });
  else if (!judge.includes(d.side)) who = textIn(lang, 'review.detail.byScripted', { side: side(d.side) });
  else {
    const name = names[d.side] ? playerName(names[d.side], lang) : '';
    who = name ? textIn(lang, 'review.detail.byPlayer', { name, side: side(d.side) }) : textIn(lang, 'review.detail.byPlayerAnon', { side: side(d.side) });
  }
  const v = d.verdict;
  return (
    <>
      <h3 id="detail-heading">
        {d.kind === 'send' ? textIn(lang, 'review.detail.heading', { id: d.id, from: side(d.side), to: side(d.to) }) : textIn(lang, 'review.detail.stateHeading', { side: side(d.side) })}
      </h3>
      <p class="muted">{textIn(lang, 'review.detail.at', { t: formatTime(d.t, lang) })}{d.kind === 'send' ? <code class="seg-code">{` · ${d.label}`}</code> : null}</p>
      <p>{who}</p>
      {d.answeredAfterMs !== null ? (
        <p class="answered muted" data-testid="detail-answered">{textIn(lang, 'review.detail.answeredAfter', { d: formatDuration(d.answeredAfterMs, lang), side: side(d.side) })}</p>
      ) : null}
      {v ? (
        <>
          <p class={`verdict ${v.ok ? 'ok' : 'wrong'}`} data-testid="detail-verdict">
            {v.ok ? textIn(lang, 'review.detail.okAll') : pluralIn(lang, 'review.detail.wrong', new Set(v.errors.map((e) => e.field)).size)}
          </p>
          <table class="fields">
            <thead>
              <tr>
                <th scope="col">{textIn(lang, 'review.detail.field')}</th>
                <th scope="col">{textIn(lang, 'review.detail.chosen')}</th>
                <th scope="col">{textIn(lang, 'review.detail.correct')}</th>
              </tr>
            </thead>
            <tbody>
              {d.fields.map((row) => (
                <tr key={row.field} class={row.ok ? 'ok' : 'wrong'} data-field={row.field}>
                  <th scope="row">{textIn(lang, `review.field.${row.field}`)}</th>
                  <td class="mono">{`${row.ok ? '' : '✗ '}${showValue(row.field, row.got, lang)}`}</td>
                  <td class="mono">{row.ok ? textIn(lang, 'review.detail.fieldOk') : row.expected !== undefined ? showValue(row.field, row.expected, lang) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {v.errors.length ? (
            <>
              <h4>{textIn(lang, 'review.detail.rules')}</h4>
              <ul class="rules" data-testid="detail-rules">
                {v.errors.map((err, i) => (
                  <li key={i} lang={lang}>
                    <code class="rule-id">{err.rule}</code>
                    <span class="rule-text" data-testid="rule-explanation">{explainRule(err.rule, lang, { expected: err.expected, got: err.got })}</span>
                    <span class="rule-hint" data-testid="rule-hint">{`${textIn(lang, 'review.detail.hint')}${lang === 'zh-CN' ? '' : ' '}${explainRule(err.rule, lang, { got: err.got }, { hint: true })}`}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : d.kind === 'send' ? (
        // Not judged: the fields still say what went onto the wire.
        <p class="mono">{`flags ${showValue('flags', d.segment.flags, lang)} · seq ${d.segment.seq} · ack ${d.segment.ack} · len ${d.segment.len}`}</p>
      ) : null}
      {d.kind === 'send' ? (
        <ul class="fate">
          {d.deliveries.map((x, i) => <li key={`d${i}`}>{textIn(lang, i === 0 ? 'review.detail.delivered' : 'review.detail.deliveredAgain', { to: side(d.to), t: formatTime(x.t, lang) })}</li>)}
          {d.lost ? <li>{textIn(lang, 'review.detail.lost', { t: formatTime(d.lost.t, lang) })}</li> : null}
          {d.refused ? <li>{textIn(lang, 'review.detail.refused')}</li> : null}
          {d.carriedOn ? <li>{textIn(lang, 'review.detail.carried', { label: d.carriedOn.label })}</li> : null}
          {!d.refused && !d.lost && d.deliveries.length === 0 ? <li>{textIn(lang, 'review.detail.inFlight')}</li> : null}
          {d.retransmit ? <li>{textIn(lang, 'review.detail.retransmit', { side: side(d.side) })}</li> : null}
        </ul>
      ) : null}
      {d.states.before !== d.states.after ? <p class="muted">{textIn(lang, 'review.detail.stateChange', { side: side(d.side), before: d.states.before, after: d.states.after })}</p> : null}
      {d.rfc ? <p class="muted" data-testid="detail-rfc-state">{textIn(lang, 'review.detail.rfcState', { state: d.rfc.state, call: `${d.rfc.call}()`, carrier: d.rfc.carrier })}</p> : null}
    </>
  );
}
