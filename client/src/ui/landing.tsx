import { render } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { checkNickname, ClassCodeSchema, ERROR_TEXT, NICKNAME_MAX } from '../../../shared/index';
import { t } from '../i18n/ui';
import { Connection } from '../net/connection';
import { parseJoinError, type JoinFailure } from '../net/join-error';
import { Session } from '../net/session';
import { failureText } from './errors';
import { Field } from './field';
import type { AppCtx, Screen } from './screen';

type Notice = AppCtx['notice'];

/** Join a class: its code, a nickname, whether this is a shared computer. */
function JoinForm({ ctx, code, notice: firstNotice, refs }: { ctx: AppCtx; code: string; notice: Notice; refs: { code: { current: HTMLInputElement | null }; nick: { current: HTMLInputElement | null } } }) {
  const [failure, setFailure] = useState<JoinFailure | null>(null);
  const [notice, setNotice] = useState<Notice>(firstNotice);
  const [joining, setJoining] = useState(false);
  const [shared, setShared] = useState(Session.shared);
  const bad = failure?.code;

  const fail = (f: JoinFailure, focus: HTMLInputElement | null) => {
    setFailure(f);
    setNotice(null);
    focus?.focus();
  };
  const submit = (ev: Event) => {
    ev.preventDefault();
    const codeInput = refs.code.current;
    const nickInput = refs.nick.current;
    if (!codeInput || !nickInput || joining) return;
    const parsedCode = ClassCodeSchema.safeParse(codeInput.value);
    if (!parsedCode.success) return fail({ code: 'bad-code', text: ERROR_TEXT['bad-code'] }, codeInput);
    const nick = checkNickname(nickInput.value);
    if (!nick.ok) return fail({ code: nick.code, text: ERROR_TEXT[nick.code] }, nickInput);
    setFailure(null);
    setJoining(true);
    const conn = new Connection(ctx.bus);
    conn.joinStudent(parsedCode.data, nick.nickname).then((welcome) => {
      Session.saveNickname(nick.nickname);
      ctx.seat = { conn, welcome, role: 'student', code: welcome.code };
      ctx.go({ name: 'play', code: welcome.code });
    }, (e: unknown) => {
      setJoining(false);
      const f = parseJoinError(e);
      fail(f, f.code.startsWith('nickname') ? nickInput : codeInput);
    });
  };

  return (
    <form class="card" data-testid="join-form" noValidate aria-labelledby="join-heading" onSubmit={submit}>
      <h2 id="join-heading">{t('join.heading')}</h2>
      <Field id="join-code-input" label={t('join.code')} hint={t('join.codeHint')}>
        <input ref={refs.code} id="join-code-input" aria-describedby="join-code-input-hint" type="text" name="code" defaultValue={code} required maxLength={32}
          autocomplete="off" autocapitalize="characters" spellcheck={false} inputMode="text" data-testid="join-code" class="code-input"
          aria-invalid={bad === 'bad-code' || bad === 'class-ended' || bad === 'class-full'} />
      </Field>
      <Field id="join-nickname-input" label={t('join.nickname')} hint={t('join.nicknameHint')}>
        {/* It takes as many characters as a nickname may have, counted as the server counts them
            (code points, so an emoji is one), not twice as many. */}
        <input ref={refs.nick} id="join-nickname-input" aria-describedby="join-nickname-input-hint" type="text" name="nickname" defaultValue={Session.nickname()} required
          maxLength={NICKNAME_MAX * 2} autocomplete="nickname" data-testid="join-nickname"
          aria-invalid={typeof bad === 'string' && bad.startsWith('nickname')}
          onInput={(e) => {
            const input = e.currentTarget;
            const chars = [...input.value];
            if (chars.length > NICKNAME_MAX) input.value = chars.slice(0, NICKNAME_MAX).join('');
          }} />
      </Field>
      {/* A shared computer keeps nothing personal (net/session.ts); the choice applies to this tab at once. */}
      <div class="field shared">
        <div class="check">
          <input type="checkbox" id="join-shared-input" data-testid="join-shared" aria-describedby="join-shared-hint" checked={shared}
            onChange={(e) => {
              Session.setShared(e.currentTarget.checked);
              setShared(e.currentTarget.checked);
            }} />
          <label for="join-shared-input">{t('join.shared')}</label>
        </div>
        <small id="join-shared-hint" class="hint">{t('join.sharedHint')}</small>
      </div>
      <p class="error" role="alert" data-testid="join-error" id="join-error">{failure ? failureText(failure) : notice ? t(notice.key, notice.params) : ''}</p>
      <button type="submit" class="primary" data-testid="join-submit" disabled={joining}>{t(joining ? 'join.joining' : 'join.submit')}</button>
    </form>
  );
}

/** Host a class, or practise alone: a link away for a student who came by the join link. */
function SideCards({ ctx, hidden, hostRef }: { ctx: AppCtx; hidden: boolean; hostRef: { current: HTMLButtonElement | null } }) {
  const [creating, setCreating] = useState(false);
  const [failure, setFailure] = useState<JoinFailure | null>(null);
  const create = () => {
    setCreating(true);
    const conn = new Connection(ctx.bus);
    conn.createClass().then((welcome) => {
      ctx.seat = { conn, welcome, role: 'host', code: welcome.code };
      ctx.go({ name: 'host', code: welcome.code });
    }, (e: unknown) => {
      setCreating(false);
      setFailure(parseJoinError(e));
    });
  };
  return (
    <div class="side-cards" data-testid="side-cards" hidden={hidden}>
      <section class="card" aria-labelledby="host-heading">
        <h2 id="host-heading">{t('host.heading')}</h2>
        <p>{t('host.intro')}</p>
        <button ref={hostRef} type="button" data-testid="host-create" disabled={creating} onClick={create}>{t(creating ? 'host.creating' : 'host.create')}</button>
        <p class="error" role="alert" data-testid="host-error">{failure ? failureText(failure) : ''}</p>
      </section>
      <section class="card" aria-labelledby="hw-heading">
        <h2 id="hw-heading">{t('hw.heading')}</h2>
        <p>{t('hw.intro')}</p>
        <a href="#homework" class="button" data-testid="homework-open">{t('hw.open')}</a>
      </section>
    </div>
  );
}

function Landing({ ctx, code, notice, refs }: { ctx: AppCtx; code: string; notice: Notice; refs: Parameters<typeof JoinForm>[0]['refs'] }) {
  // A student who came by the join link sees the join form only; hosting and homework are a link away.
  const [others, setOthers] = useState(!code);
  const hostRef = useRef<HTMLButtonElement>(null);
  return (
    <>
      <JoinForm ctx={ctx} code={code} notice={notice} refs={refs} />
      <a href="#" class="not-student" data-testid="not-student" hidden={others} onClick={(ev) => {
        ev.preventDefault();
        setOthers(true);
        // Drawn once the state is taken: the button is shown a moment later.
        requestAnimationFrame(() => hostRef.current?.focus());
      }}>{t('join.notStudent')}</a>
      <SideCards ctx={ctx} hidden={!others} hostRef={hostRef} />
    </>
  );
}

/** The start page: join a class with its code and a nickname, host a class, or practise alone. */
export function landing(ctx: AppCtx, code: string): Screen {
  const notice = ctx.notice;
  ctx.notice = null;
  const el = document.createElement('main');
  el.className = 'landing';
  const refs = { code: { current: null as HTMLInputElement | null }, nick: { current: null as HTMLInputElement | null } };
  render(<Landing ctx={ctx} code={code} notice={notice} refs={refs} />, el);
  queueMicrotask(() => (code ? refs.nick.current : refs.code.current)?.focus());
  return { el, dispose: () => render(null, el) };
}
