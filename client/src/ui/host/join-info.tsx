import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t, type TextKey } from '../../i18n/ui';
import { fetchJoinAddresses, ownAddress, pickAddress, saveAddress, savedAddress, withOwnAddress, JOIN_ADDRESS_PREFIX, type JoinAddressInfo } from '../../net/join-addresses';
import { Session } from '../../net/session';
import { joinLink } from '../../route';
import { qrCanvas } from '../qr';

const OPTION: Record<JoinAddressInfo['kind'], TextKey> = { public: 'join.opt.public', lan: 'join.opt.lan', loopback: 'join.opt.loopback' };
const shown = (url: string) => url.replace(/^https?:\/\//, '');

/** The QR code of `text`, drawn again only when the text changes; its label follows the language. */
function Qr({ text, size, testid, label }: { text: string; size: number; testid: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useLayoutEffect(() => {
    canvas.current = qrCanvas(text, size, testid);
    box.current?.replaceChildren(canvas.current);
  }, [text, size, testid]);
  useLayoutEffect(() => canvas.current?.setAttribute('aria-label', label), [label, text]);
  return <div class="qr-box" ref={box} />;
}

/**
 * The class code, the join link and its QR code (the dashboard shows it small, the projector
 * large). The link is built from the addresses the server says students can open (its
 * `PUBLIC_URL` and network addresses), not from this page's own address, which may be
 * `localhost` (this page's address is offered too when students could reach it). Until they
 * arrive, or when the server cannot be asked (no host key here), this page's address stands in.
 * The dashboard lets the teacher pick another address (kept per class, so a projector tab of this
 * browser follows it at once); both warn when the only address is loopback, which phones cannot open.
 */
export function JoinInfo({ code, size }: { code: string; size: 'small' | 'large' }) {
  const prefix = size === 'large' ? 'projector' : 'host';
  const [list, setList] = useState<JoinAddressInfo[]>(() => [ownAddress(location.origin)]);
  /** The server has answered (or cannot): only then is a loopback-only list worth a warning. */
  const [source, setSource] = useState<'' | 'server' | 'page'>('');
  /** Moved on when the teacher picks an address, here or in another tab of this browser. */
  const [, setPicked] = useState(0);
  useEffect(() => {
    let live = true;
    void fetchJoinAddresses(code, Session.hostKey(code)).then((urls) => {
      if (!live) return;
      if (urls) setList(withOwnAddress(urls, location.origin));
      setSource(urls ? 'server' : 'page');
    });
    // The dashboard's pick, in another tab of this browser (the projector): follow it.
    const onStorage = (e: StorageEvent) => {
      if (e.key === `${JOIN_ADDRESS_PREFIX}${code}`) setPicked((n) => n + 1);
    };
    window.addEventListener('storage', onStorage);
    return () => {
      live = false;
      window.removeEventListener('storage', onStorage);
    };
  }, [code]);

  const a = pickAddress(list, savedAddress(code)) ?? ownAddress(location.origin);
  const link = joinLink(a.url, code);
  // Loopback is listed only when the server has nothing else: then no choice helps.
  const stuck = source !== '' && list.every((x) => x.loopback);
  const canPick = size === 'small' && source === 'server' && list.length > 1;
  return (
    <div class={`join-info ${size}`} data-join-url={link} data-addresses={source || undefined}>
      <div class="join-text">
        <p class="label">{t(size === 'large' ? 'proj.joinAt' : 'host.link')}</p>
        <span class="join-link-box">
          <a href={link} class="join-link" data-testid={`${prefix}-link`} data-address-kind={a.kind}>{shown(link)}</a>
        </span>
        <p class="label">{t('host.code')}</p>
        <p class="class-code" data-testid={`${prefix}-code`} aria-label={code.split('').join(' ')}>{code}</p>
        {size === 'small' ? (
          <div class="field join-address" hidden={!canPick}>
            <label for={`${prefix}-address`}>{t('join.pick')}</label>
            <select id={`${prefix}-address`} data-testid={`${prefix}-address-select`} value={a.url}
              onChange={(e) => {
                saveAddress(code, e.currentTarget.value);
                setPicked((n) => n + 1);
              }}>
              {list.map((x) => <option key={x.url} value={x.url}>{t(OPTION[x.kind], { url: shown(x.url) })}</option>)}
            </select>
          </div>
        ) : null}
        <p class="join-warning" role="alert" data-testid={`${prefix}-address-warning`} hidden={!stuck}>
          {stuck ? t(size === 'large' ? 'join.loopbackWarnProjector' : 'join.loopbackWarn', { host: shown(a.url) }) : ''}
        </p>
      </div>
      <Qr text={link} size={size === 'large' ? 360 : 160} testid={`${prefix}-qr`} label={t('host.qr', { code })} />
    </div>
  );
}
