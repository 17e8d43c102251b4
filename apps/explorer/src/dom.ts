/**
 * The only way this app builds DOM. Every piece of dataset text is untrusted, so text goes in
 * through text nodes and attributes through setAttribute; there is deliberately no way to pass
 * HTML. Event handlers must be functions: an attribute such as `onerror` given as a string is
 * refused, so data can never become a handler.
 */
export type Child = Node | string | number | null | undefined | false | Child[];
export type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (attrs) setAttrs(element, attrs);
  append(element, children);
  return element;
}

export function setAttrs(element: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (name.startsWith("on")) {
      if (typeof value !== "function") throw new TypeError(`Handler ${name} must be a function`);
      element.addEventListener(name.slice(2), value);
      continue;
    }
    if (typeof value === "function") throw new TypeError(`Attribute ${name} cannot be a function`);
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces an element's content with the given children. */
export function render(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** An in-app link: only ever a hash route built by the app, never a URL taken from data. */
export function link(route: string, ...children: Child[]): HTMLAnchorElement {
  return h("a", { href: `#${route}` }, ...children);
}

/** A link to an external URL from the data: only http(s), opened without referrer or opener. */
export function externalLink(url: string, ...children: Child[]): HTMLElement {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    return h("span", null, ...children);
  }
  return h(
    "a",
    { href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank" },
    ...children,
  );
}

/**
 * A file input operated by a real button: a `<label>` styled as a button cannot take keyboard
 * focus, and a visible native input looks different in every browser. The input stays in the
 * document (hidden, out of the tab order) so drag-and-drop tools and tests can still set files.
 */
export function filePicker(input: HTMLInputElement, label: string): HTMLElement {
  input.classList.add("visually-hidden");
  input.tabIndex = -1;
  input.setAttribute("aria-hidden", "true");
  const button = h("button", { type: "button", class: "button" }, label);
  button.addEventListener("click", () => input.click());
  return h("span", { class: "file-picker" }, button, input);
}
