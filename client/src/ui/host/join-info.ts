import type { TextKey } from '../../i18n/ui';
import { fetchJoinAddresses, ownAddress, pickAddress, saveAddress, savedAddress, withOwnAddress, JOIN_ADDRESS_PREFIX, type JoinAddressInfo } from '../../net/join-addresses';
import { Session } from '../../net/session';
import { joinLink } from '../../route';
import { field, h, ht, replace, tr } from '../dom';
import { qrCanvas } from '../qr';

const OPTION: Record<JoinAddressInfo['kind'], TextKey> = { public: 'join.opt.public', lan: 'join.opt.lan', loopback: 'join.opt.loopback' };
const shown = (url: string) => url.replace(/^https?:\/\//, '');

/**
 * The class code, the join link and its QR code (the dashboard shows it small, the projector
 * large). The link is built from the addresses the server says students can open (its
 * `PUBLIC_URL` and network addresses), not from this page's own address, which may be
 * `localhost` (this page's address is offered too when students could reach it). Until they arrive, or when the server cannot be asked (no host key here), this
 * page's address stands in. The dashboard lets the teacher pick another address (kept per class,
 * so a projector tab follows) and warns when the only one is loopback, which phones cannot open.
 */
export function joinInfo(code: string, size: 'small' | 'large'): HTMLElement {
  const prefix = size === 'large' ? 'projector' : 'host';
  const linkBox = h('span', { class: 'join-link-box' });
  const qrBox = h('div', { class: 'qr-box' });
  const select = h('select', { 'data-testid': `${prefix}-address-select` });
  const picker = field(`${prefix}-address`, 'join.pick', select);
  picker.classList.add('join-address');
  picker.hidden = true;
  const warning = h('p', { class: 'join-warning', role: 'alert', 'data-testid': `${prefix}-address-warning`, hidden: true });
  const root = h('div', { class: `join-info ${size}` },
    h('div', { class: 'join-text' },
      ht('p', size === 'large' ? 'proj.joinAt' : 'host.link', { class: 'label' }),
      linkBox,
      ht('p', 'host.code', { class: 'label' }),
      h('p', { class: 'class-code', 'data-testid': `${prefix}-code`, text: code, 'aria-label': code.split('').join(' ') }),
      size === 'small' ? picker : null,
      size === 'small' ? warning : null,
    ),
    qrBox,
  );

  let list: JoinAddressInfo[] = [ownAddress(location.origin)];
  let current = '';
  /** The server has answered (or cannot): only then is a loopback-only list worth a warning. */
  let known = false;
  const show = () => {
    const a = pickAddress(list, savedAddress(code)) ?? ownAddress(location.origin);
    if (a.url !== current) {
      current = a.url;
      const link = joinLink(a.url, code);
      replace(linkBox, h('a', { href: link, class: 'join-link', 'data-testid': `${prefix}-link`, 'data-address-kind': a.kind, text: shown(link) }));
      replace(qrBox, tr(qrCanvas(link, size === 'large' ? 360 : 160, `${prefix}-qr`), 'host.qr', { code }, 'aria-label'));
      root.setAttribute('data-join-url', link);
    }
    select.value = a.url;
    // Loopback is listed only when the server has nothing else: then no choice helps.
    const stuck = known && list.every((x) => x.loopback);
    if (stuck) tr(warning, 'join.loopbackWarn', { host: shown(a.url) });
    warning.hidden = !stuck;
  };
  select.addEventListener('change', () => {
    saveAddress(code, select.value);
    show();
  });
  // The dashboard's pick, in another tab of this browser (the projector): follow it.
  const onStorage = (e: StorageEvent) => {
    if (!root.isConnected) return window.removeEventListener('storage', onStorage);
    if (e.key === `${JOIN_ADDRESS_PREFIX}${code}`) show();
  };
  window.addEventListener('storage', onStorage);
  show();
  void fetchJoinAddresses(code, Session.hostKey(code)).then((urls) => {
    known = true;
    root.setAttribute('data-addresses', urls ? 'server' : 'page');
    if (urls) {
      list = withOwnAddress(urls, location.origin);
      replace(select, ...list.map((a) => ht('option', OPTION[a.kind], { value: a.url }, { url: shown(a.url) })));
      picker.hidden = list.length < 2;
    }
    show();
  });
  return root;
}
