import { checkNickname, ClassCodeSchema, ERROR_TEXT, NICKNAME_MAX } from '../../../shared/index';
import { onLang, t } from '../i18n/ui';
import { Connection } from '../net/connection';
import { parseJoinError, type JoinFailure } from '../net/join-error';
import { Session } from '../net/session';
import { field, h, ht, tr } from './dom';
import { failureText } from './errors';
import type { AppCtx, Screen } from './screen';

/** The start page: join a class with its code and a nickname, host a class, or practise alone. */
export function landing(ctx: AppCtx, code: string): Screen {
  let failure: JoinFailure | null = null;
  let notice = ctx.notice;
  ctx.notice = null;
  const codeInput = h('input', {
    type: 'text', name: 'code', value: code, required: true, maxlength: 32, autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', inputmode: 'text', 'data-testid': 'join-code', class: 'code-input',
  });
  const nickInput = h('input', {
    type: 'text', name: 'nickname', value: Session.nickname(), required: true, maxlength: NICKNAME_MAX * 2, autocomplete: 'nickname',
    'data-testid': 'join-nickname',
  });
  // A shared computer keeps nothing personal (net/session.ts); the choice applies to this tab at once.
  const sharedInput = h('input', { type: 'checkbox', id: 'join-shared-input', 'data-testid': 'join-shared', 'aria-describedby': 'join-shared-hint' });
  sharedInput.checked = Session.shared;
  sharedInput.addEventListener('change', () => Session.setShared(sharedInput.checked));
  const shared = h('div', { class: 'field shared' },
    h('div', { class: 'check' }, sharedInput, ht('label', 'join.shared', { for: sharedInput.id })),
    ht('small', 'join.sharedHint', { id: 'join-shared-hint', class: 'hint' }));
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'join-error', id: 'join-error' });
  const submit = ht('button', 'join.submit', { type: 'submit', class: 'primary', 'data-testid': 'join-submit' });
  // The field takes as many characters as a nickname may have (counted as the server counts them:
  // code points, so an emoji is one), not twice as many.
  nickInput.addEventListener('input', () => {
    const chars = [...nickInput.value];
    if (chars.length > NICKNAME_MAX) nickInput.value = chars.slice(0, NICKNAME_MAX).join('');
  });
  const form = h('form', { class: 'card', 'data-testid': 'join-form', novalidate: true, 'aria-labelledby': 'join-heading' },
    ht('h2', 'join.heading', { id: 'join-heading' }),
    field('join-code-input', 'join.code', codeInput, 'join.codeHint'),
    field('join-nickname-input', 'join.nickname', nickInput, 'join.nicknameHint'),
    shared,
    error,
    submit,
  );
  const show = () => {
    error.textContent = failure ? failureText(failure) : notice ? t(notice.key, notice.params) : '';
    const bad = failure?.code;
    codeInput.setAttribute('aria-invalid', String(bad === 'bad-code' || bad === 'class-ended' || bad === 'class-full'));
    nickInput.setAttribute('aria-invalid', String(typeof bad === 'string' && bad.startsWith('nickname')));
  };
  const fail = (f: JoinFailure, focus: HTMLElement) => {
    failure = f;
    notice = null;
    show();
    focus.focus();
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const parsedCode = ClassCodeSchema.safeParse(codeInput.value);
    if (!parsedCode.success) return fail({ code: 'bad-code', text: ERROR_TEXT['bad-code'] }, codeInput);
    const nick = checkNickname(nickInput.value);
    if (!nick.ok) return fail({ code: nick.code, text: ERROR_TEXT[nick.code] }, nickInput);
    failure = null;
    show();
    submit.disabled = true;
    tr(submit, 'join.joining');
    const conn = new Connection(ctx.bus);
    conn.joinStudent(parsedCode.data, nick.nickname).then((welcome) => {
      Session.saveNickname(nick.nickname);
      ctx.seat = { conn, welcome, role: 'student', code: welcome.code };
      ctx.go({ name: 'play', code: welcome.code });
    }, (e: unknown) => {
      submit.disabled = false;
      tr(submit, 'join.submit');
      const f = parseJoinError(e);
      fail(f, f.code.startsWith('nickname') ? nickInput : codeInput);
    });
  });

  const hostError = h('p', { class: 'error', role: 'alert', 'data-testid': 'host-error' });
  let hostFailure: JoinFailure | null = null;
  const hostButton = ht('button', 'host.create', { type: 'button', 'data-testid': 'host-create' });
  hostButton.addEventListener('click', () => {
    hostButton.disabled = true;
    tr(hostButton, 'host.creating');
    const conn = new Connection(ctx.bus);
    conn.createClass().then((welcome) => {
      ctx.seat = { conn, welcome, role: 'host', code: welcome.code };
      ctx.go({ name: 'host', code: welcome.code });
    }, (e: unknown) => {
      hostButton.disabled = false;
      tr(hostButton, 'host.create');
      hostFailure = parseJoinError(e);
      hostError.textContent = failureText(hostFailure);
    });
  });
  const hostCard = h('section', { class: 'card', 'aria-labelledby': 'host-heading' },
    ht('h2', 'host.heading', { id: 'host-heading' }), ht('p', 'host.intro'), hostButton, hostError);
  const hwCard = h('section', { class: 'card', 'aria-labelledby': 'hw-heading' },
    ht('h2', 'hw.heading', { id: 'hw-heading' }), ht('p', 'hw.intro'),
    ht('a', 'hw.open', { href: '#homework', class: 'button', 'data-testid': 'homework-open' }));

  const offLang = onLang(() => {
    show();
    if (hostFailure) hostError.textContent = failureText(hostFailure);
  });
  show();
  // A student who came by the join link sees the join form only; hosting and homework are a link away.
  const sideCards = h('div', { class: 'side-cards', 'data-testid': 'side-cards' }, hostCard, hwCard);
  const notStudent = ht('a', 'join.notStudent', { href: '#', class: 'not-student', 'data-testid': 'not-student' });
  notStudent.addEventListener('click', (ev) => {
    ev.preventDefault();
    sideCards.hidden = false;
    notStudent.hidden = true;
    hostButton.focus();
  });
  sideCards.hidden = Boolean(code);
  notStudent.hidden = !code;
  const el = h('main', { class: 'landing' }, form, notStudent, sideCards);
  queueMicrotask(() => (code ? nickInput : codeInput).focus());
  return { el, dispose: offLang };
}
