import { onLang, t, type Params, type TextKey } from '../i18n/ui';

type Attrs = Record<string, string | number | boolean | null | undefined>;
export type Child = Node | string | null | undefined | false;

/** Create an element: attributes (false/null/undefined are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/**
 * Put a translated text into an element and remember its key, so that a language switch
 * (`relabel`) rewrites it. `attr` puts it into an attribute (aria-label, placeholder) instead.
 */
export function tr<E extends Element>(el: E, key: TextKey, params?: Params, attr?: string): E {
  const store = attr ? `i18n-${attr}` : 'i18n';
  el.setAttribute(`data-${store}`, key);
  if (params) el.setAttribute(`data-${store}-params`, JSON.stringify(params));
  else el.removeAttribute(`data-${store}-params`);
  if (attr) el.setAttribute(attr, t(key, params));
  else el.textContent = t(key, params);
  return el;
}

/** An element whose text is a translated string. */
export function ht<K extends keyof HTMLElementTagNameMap>(tag: K, key: TextKey, attrs: Attrs = {}, params?: Params): HTMLElementTagNameMap[K] {
  return tr(h(tag, attrs), key, params);
}

const ATTRS = ['aria-label', 'placeholder', 'title', 'alt'];

/** Rewrite every remembered text under `root` in the current language. */
export function relabel(root: ParentNode): void {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const params = el.getAttribute('data-i18n-params');
    el.textContent = t(el.getAttribute('data-i18n') as TextKey, params ? (JSON.parse(params) as Params) : undefined);
  }
  for (const attr of ATTRS) {
    for (const el of root.querySelectorAll(`[data-i18n-${attr}]`)) {
      const params = el.getAttribute(`data-i18n-${attr}-params`);
      el.setAttribute(attr, t(el.getAttribute(`data-i18n-${attr}`) as TextKey, params ? (JSON.parse(params) as Params) : undefined));
    }
  }
}

/** Relabel the whole document on every language switch (once, at boot). */
export function relabelOnSwitch(): void {
  onLang(() => relabel(document));
}

/** A labelled form field: `<label for>` + control, with an optional hint tied by aria-describedby. */
export function field(id: string, labelKey: TextKey, control: HTMLElement, hintKey?: TextKey): HTMLElement {
  control.id = id;
  const label = ht('label', labelKey, { for: id });
  const box = h('div', { class: 'field' }, label, control);
  if (hintKey) {
    const hint = ht('small', hintKey, { id: `${id}-hint`, class: 'hint' });
    control.setAttribute('aria-describedby', `${id}-hint`);
    box.append(hint);
  }
  return box;
}

/** Replace all children of `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}
