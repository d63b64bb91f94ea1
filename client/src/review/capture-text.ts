import type { CaptureNote, ConnectionSummary } from '../../../shared/capture/index';
import { pluralIn, textIn, type Lang } from '../i18n/ui';
import { skipKey, type CaptureListing } from './capture-import';
import { formatTime } from './format';

/*
 * A capture's listing and notes in words, in a language: the worker returns data and text keys
 * (capture-import.ts), the page says them here in its language of the moment.
 */

const LIST_SEP: Record<Lang, string> = { en: '; ', 'zh-CN': '；' };

/** The file as a whole: its container, packets, TCP packets and connections. */
export function listingSummary(listing: CaptureListing, lang: Lang): string {
  return pluralIn(lang, 'review.capture.summary', listing.connections.length, { format: listing.format, frames: listing.frames, tcp: listing.tcpPackets });
}

/** The packets the reader did not use, each reason with its count, and where it stopped if it did. */
export function skippedText(listing: CaptureListing, lang: Lang): string {
  const parts = listing.skipped.map(({ reason, n }) => textIn(lang, skipKey(reason), { n }));
  if (listing.stoppedAt) parts.push(textIn(lang, 'review.capture.stopped', listing.stoppedAt));
  return parts.length ? textIn(lang, 'review.capture.skipped', { list: parts.join(LIST_SEP[lang]) }) : textIn(lang, 'review.capture.nothingSkipped');
}

/** When the connection's first and last packets passed (since the capture's first packet). */
export function spanText(c: ConnectionSummary, lang: Lang): string {
  return `${formatTime(c.firstMs, lang)} – ${formatTime(c.lastMs, lang)}`;
}

export function handshakeText(c: ConnectionSummary, lang: Lang): string {
  return textIn(lang, c.handshake ? 'review.capture.seen' : 'review.capture.notSeen');
}

export function closeText(c: ConnectionSummary, lang: Lang): string {
  return textIn(lang, c.close === 'fin' ? 'review.capture.close.fin' : c.close === 'rst' ? 'review.capture.close.rst' : 'review.capture.notSeen');
}

/** For a connection the client opened again on the same ports: how many incarnations; else ''. */
export function reopenedText(c: ConnectionSummary, lang: Lang): string {
  return c.incarnations > 1 ? textIn(lang, 'review.capture.reopened', { n: c.incarnations }) : '';
}

/** A note on the conversion (client by the lower port, no handshake, an abort's RST…) in `lang`. */
export function noteText(note: CaptureNote, lang: Lang): string {
  return lang === 'zh-CN' ? note.zh : note.en;
}
