import { describe, expect, it } from 'vitest';
import { checkNickname, nicknameKey } from '../../../shared/messages/errors';

describe('checkNickname', () => {
  it('takes a name as typed, trimmed, with inner spaces collapsed, in NFC', () => {
    expect(checkNickname('  Ada   Lovelace ')).toEqual({ ok: true, nickname: 'Ada Lovelace' });
    expect(checkNickname('小明')).toEqual({ ok: true, nickname: '小明' });
    expect(checkNickname('e\u0301')).toEqual({ ok: true, nickname: 'é' });
  });

  it('refuses what is not a name, with a code for each reason', () => {
    for (const raw of [undefined, 42, '', '   ']) expect(checkNickname(raw)).toEqual({ ok: false, code: 'nickname-empty' });
    for (const raw of ['a\u0000b', 'a\u202Eb', 'a\u200Bb', '\u3164', '\u0301\u0301', '\u2800', 'a\uE000']) expect(checkNickname(raw), JSON.stringify(raw)).toEqual({ ok: false, code: 'nickname-invalid' });
    expect(checkNickname('x'.repeat(25))).toEqual({ ok: false, code: 'nickname-too-long' });
    expect(checkNickname('😀'.repeat(24))).toMatchObject({ ok: true });
  });

  it('keys names that read the same ignoring case and width alike', () => {
    expect(nicknameKey('ADA')).toBe(nicknameKey('ada'));
    expect(nicknameKey('ＡＤＡ')).toBe(nicknameKey('ada'));
    expect(nicknameKey('Ada')).not.toBe(nicknameKey('Bo'));
  });
});
