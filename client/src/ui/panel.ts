import { render, type ComponentChild } from 'preact';

/**
 * One way to hold a Preact panel for an owner that tells it things: its element, its state, and
 * the view drawn again at once — synchronously, so the owner may move the focus into what was just
 * enabled — on every change (and by itself on a language switch, as the view's texts read the
 * `lang` signal).
 */
export abstract class Panel<S extends object, E extends HTMLElement = HTMLElement> {
  protected s: S;

  constructor(readonly el: E, initial: S) {
    this.s = initial;
  }

  /** What the state looks like. */
  protected abstract view(): ComponentChild;

  protected update(change: Partial<S>): void {
    this.s = { ...this.s, ...change };
    this.draw();
  }

  protected draw(): void {
    render(this.view(), this.el);
  }

  dispose(): void {
    render(null, this.el);
  }
}
