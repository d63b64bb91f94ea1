import { describe, expect, it } from 'vitest';
import { PasteTarget, pastedText } from '../../client/src/ui/paste';

describe('pasting a number from the inbox', () => {
  it('goes into seq when no numeric field has been used yet', () => {
    expect(new PasteTarget().field).toBe('seq');
  });

  it('goes into the numeric field that last had the focus', () => {
    const p = new PasteTarget();
    p.focused('ack');
    expect(p.field).toBe('ack');
    p.focused('len');
    p.focused('ack');
    expect(p.field).toBe('ack');
  });

  it('starts over at seq in a new round', () => {
    const p = new PasteTarget();
    p.focused('ack');
    p.reset();
    expect(p.field).toBe('seq');
  });

  it('pastes the number as it is shown: never plus one (the arithmetic is the student’s)', () => {
    expect(pastedText(300)).toBe('300');
    expect(pastedText(4294967295)).toBe('4294967295');
  });
});
