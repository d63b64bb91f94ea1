import { textIn, type Lang } from '../i18n/ui';
import type { CaptureListing } from './capture-import';
import { closeText, handshakeText, listingSummary, reopenedText, skippedText, spanText } from './capture-text';

/** Rows drawn at most (a capture of a busy link can hold thousands of connections). */
const SHOWN_CONNECTIONS = 500;

/** A capture read and listed: its file (read again when a connection is opened) and the one opened. */
export interface CaptureState {
  name: string;
  file: Blob;
  listing: CaptureListing;
  opened: number | null;
}

/**
 * A capture's TCP connections as a table (one row each: the 4-tuple, packets, first and last
 * time, handshake and close seen), with what the reader skipped and why. Each row has its Open
 * button, named with the connection for a screen reader; the opened row is marked.
 */
export function CaptureList({ state, lang, onOpen }: { state: CaptureState; lang: Lang; onOpen: (n: number) => void }) {
  const { listing, opened } = state;
  const rows = listing.connections.slice(0, SHOWN_CONNECTIONS);
  const col = (key: Parameters<typeof textIn>[1]) => <th scope="col">{textIn(lang, key)}</th>;
  return (
    <section class="capture-list" aria-labelledby="capture-title" data-testid="capture-list">
      <h3 id="capture-title">{textIn(lang, 'review.capture.heading', { name: state.name })}</h3>
      <p data-testid="capture-summary">{listingSummary(listing, lang)}</p>
      <p class="muted" data-testid="capture-skipped">{skippedText(listing, lang)}</p>
      <div class="table-box">
        <table class="capture-table" data-testid="capture-connections">
          <caption>{textIn(lang, 'review.capture.caption')}</caption>
          <thead>
            <tr>
              {col('review.capture.col.n')}
              {col('review.capture.col.client')}
              {col('review.capture.col.server')}
              {col('review.capture.col.packets')}
              {col('review.capture.col.time')}
              {col('review.capture.col.handshake')}
              {col('review.capture.col.close')}
              {col('review.capture.col.open')}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => {
              const current = opened === c.index;
              return (
                <tr key={c.index} data-testid={`capture-conn-${c.index}`} class={current ? 'current' : undefined} aria-current={current ? 'true' : undefined}>
                  <th scope="row">{c.index}</th>
                  <td>
                    <span class="mono">{c.client}</span>
                    {c.clientBy === 'lower-port' ? <span class="hint by-port">{` (${textIn(lang, 'review.capture.byPort')})`}</span> : null}
                  </td>
                  <td class="mono">{c.server}</td>
                  <td class="num">{c.packets}</td>
                  <td>{spanText(c, lang)}</td>
                  <td>{handshakeText(c, lang)}</td>
                  <td>
                    {closeText(c, lang)}
                    {c.incarnations > 1 ? <span class="hint" data-testid={`capture-reopened-${c.index}`}>{` (${reopenedText(c, lang)})`}</span> : null}
                  </td>
                  <td>
                    <button
                      type="button" class="small" data-testid={`capture-open-${c.index}`}
                      aria-label={textIn(lang, 'review.capture.openLabel', { n: c.index, client: c.client, server: c.server })}
                      onClick={() => onOpen(c.index)}
                    >{textIn(lang, 'review.capture.open')}</button>
                    {current ? <span class="shown">{` ✓ ${textIn(lang, 'review.capture.shown')}`}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {listing.connections.length > rows.length ? <p class="muted">{textIn(lang, 'review.import.more', { n: listing.connections.length - rows.length })}</p> : null}
    </section>
  );
}
