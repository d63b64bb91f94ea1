/**
 * Numbers people can type (GAME.md): a number shown in the inbox can be pasted into the composer's
 * numeric field the player used last (seq by default). Pasting is not answering — the number goes
 * in as it is shown, never plus one: the arithmetic stays the student's. Pure, so it is tested
 * without a page; the composer keeps one of these and asks it where a number goes.
 */
export type NumberField = 'seq' | 'ack' | 'len';

export const NUMBER_FIELDS: readonly NumberField[] = ['seq', 'ack', 'len'];

export class PasteTarget {
  private last: NumberField = 'seq';

  /** A numeric field got the focus: numbers picked from now on go there. */
  focused(field: NumberField): void {
    this.last = field;
  }

  /** Where the next picked number goes. */
  get field(): NumberField {
    return this.last;
  }

  /** A new round: back to seq. */
  reset(): void {
    this.last = 'seq';
  }
}

/** The text a picked number puts into a field: the number exactly as shown. */
export function pastedText(value: number): string {
  return String(value);
}
