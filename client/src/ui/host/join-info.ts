import { joinLink } from '../../route';
import { h, ht, tr } from '../dom';
import { qrCanvas } from '../qr';

/** The class code, the join link and its QR code (the dashboard shows it small, the projector large). */
export function joinInfo(code: string, size: 'small' | 'large'): HTMLElement {
  const link = joinLink(location.origin, code);
  const prefix = size === 'large' ? 'projector' : 'host';
  const qr = tr(qrCanvas(link, size === 'large' ? 360 : 160, `${prefix}-qr`), 'host.qr', { code }, 'aria-label');
  return h('div', { class: `join-info ${size}` },
    h('div', { class: 'join-text' },
      ht('p', size === 'large' ? 'proj.joinAt' : 'host.link', { class: 'label' }),
      h('a', { href: link, class: 'join-link', 'data-testid': `${prefix}-link`, text: link.replace(/^https?:\/\//, '') }),
      ht('p', 'host.code', { class: 'label' }),
      h('p', { class: 'class-code', 'data-testid': `${prefix}-code`, text: code, 'aria-label': code.split('').join(' ') }),
    ),
    qr,
  );
}
