/**
 * The only way this UI creates elements. Text goes in through text nodes and attributes through
 * setAttribute, so nothing a person or a tool wrote (descriptions, snippets, error text) is ever
 * parsed as HTML. There is deliberately no helper that accepts markup.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  readonly class?: string;
  readonly text?: string;
  /** `false`/`undefined` omit the attribute, `true` sets it empty (boolean attributes of the components). */
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly on?: { readonly [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void } & Readonly<Record<string, ((e: Event) => void) | undefined>>;
}

function apply(el: HTMLElement, props: Props | undefined, children: readonly Child[]): void {
  if (props?.class) el.className = props.class;
  if (props?.attrs) {
    for (const [k, v] of Object.entries(props.attrs)) {
      if (v === undefined || v === false) continue;
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  if (props?.on) {
    for (const [k, fn] of Object.entries(props.on)) if (fn) el.addEventListener(k, fn as EventListener);
  }
  if (props?.text !== undefined) el.textContent = props.text;
  append(el, children);
}

export function append(el: Element, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A standard element. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, props, children);
  return el;
}

/** A custom element (`vscode-button`, ...): typed as the class when the caller knows it. */
export function ce<T extends HTMLElement = HTMLElement>(tag: `${string}-${string}`, props?: Props, ...children: Child[]): T {
  const el = document.createElement(tag) as T;
  apply(el, props, children);
  return el;
}

/** Replace every child of `el` (text only through `Child`). */
export function setChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** Sets text only when it changed, so screen readers are not re-notified and nothing reflows. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
}
