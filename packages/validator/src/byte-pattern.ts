/**
 * JSON Schema `pattern`s decided on a string's bytes, without making the string: the
 * byte-level scanner checks every id, date and code this way (an id is one of the commonest
 * values of a record, and most ids are never read as text).
 *
 * A pattern anchored at both ends (`^…$`) and written with the regular subset of JavaScript's
 * syntax — literals, `.`, classes, `\d \w \s` and their negations, groups, `|`, `* + ? {m,n}` —
 * becomes a deterministic automaton over ASCII (Thompson's construction, then subsets). For
 * such patterns and ASCII input, `RegExp.prototype.test` decides membership in the same regular
 * language, so the two agree. Anything else — a string with bytes above 0x7f, a pattern with
 * look-arounds, back-references, word boundaries, Unicode escapes, or an automaton that would
 * be too large — is left to the `RegExp` (see `scan-runtime.ts`); the agreement tests compare
 * both on every pattern of every version.
 */

/** A deterministic automaton over ASCII: 0 is the dead state, 1 the start. */
export interface ByteAutomaton {
  /** Byte (0-127) → its class (bytes every transition treats alike). */
  classes: Uint8Array;
  /** state * classCount + class → next state. */
  next: Uint16Array;
  classCount: number;
  /** 1 for accepting states. */
  accepting: Uint8Array;
}

const MAX_NFA_STATES = 20_000;
const MAX_DFA_STATES = 4_000;

type CharSet = Uint8Array; // 128 entries, 1 = in the set

interface Nfa {
  /** Per state: a byte set and the state it leads to, or none. */
  sets: Array<CharSet | undefined>;
  to: number[];
  eps: number[][];
}

class Unsupported extends Error {}

function set(pred: (c: number) => boolean): CharSet {
  const s = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (pred(c)) s[c] = 1;
  return s;
}
const DIGIT = set((c) => c >= 0x30 && c <= 0x39);
const WORD = set((c) => /\w/.test(String.fromCharCode(c)));
const SPACE = set((c) => /\s/.test(String.fromCharCode(c)));
const DOT = set((c) => c !== 0x0a && c !== 0x0d);
const not = (s: CharSet): CharSet => set((c) => !s[c]);

/** Pattern AST. */
type Node =
  | { k: "set"; s: CharSet }
  | { k: "seq"; items: Node[] }
  | { k: "alt"; items: Node[] }
  | { k: "rep"; item: Node; min: number; max: number }; // max -1: unbounded

function parse(source: string): Node {
  let i = 0;
  const peek = () => source[i];
  const escapeSet = (c: string): CharSet => {
    if (c === "d") return DIGIT;
    if (c === "D") return not(DIGIT);
    if (c === "w") return WORD;
    if (c === "W") return not(WORD);
    if (c === "s") return SPACE;
    if (c === "S") return not(SPACE);
    // Identity escapes of punctuation only: \b, \B, \1, \u, \x, \p, \n... are not handled.
    if (/^[.^$|?*+()[\]{}\\/-]$/.test(c)) return set((x) => x === c.charCodeAt(0));
    throw new Unsupported(`\\${c}`);
  };
  const literal = (c: string): CharSet => {
    const code = c.charCodeAt(0);
    if (code > 0x7f) throw new Unsupported("non-ASCII literal");
    return set((x) => x === code);
  };
  function classAtom(): CharSet {
    i++; // [
    let negate = false;
    if (peek() === "^") {
      negate = true;
      i++;
    }
    const out = new Uint8Array(128);
    // JavaScript, unlike PCRE, reads `[]` as the empty class and `[^]` as any character.
    while (i < source.length && peek() !== "]") {
      let lo: number;
      let c = source[i++] as string;
      if (c === "\\") {
        c = source[i++] as string;
        const s = escapeSet(c);
        if (/[dDwWsS]/.test(c)) {
          for (let x = 0; x < 128; x++) if (s[x]) out[x] = 1;
          continue;
        }
        lo = c.charCodeAt(0);
      } else lo = c.charCodeAt(0);
      if (peek() === "-" && source[i + 1] !== "]" && i + 1 < source.length) {
        i++;
        let h = source[i++] as string;
        if (h === "\\") {
          h = source[i++] as string;
          if (/[dDwWsS]/.test(h)) throw new Unsupported("class range to a class escape");
        }
        const hi = h.charCodeAt(0);
        if (hi > 0x7f || lo > hi) throw new Unsupported("range");
        for (let x = lo; x <= hi; x++) out[x] = 1;
      } else {
        if (lo > 0x7f) throw new Unsupported("non-ASCII in class");
        out[lo] = 1;
      }
    }
    if (peek() !== "]") throw new Unsupported("unterminated class");
    i++;
    return negate ? not(out) : out;
  }
  function atom(): Node {
    const c = peek() as string;
    if (c === "(") {
      i++;
      if (source.startsWith("?:", i)) i += 2;
      else if (peek() === "?") throw new Unsupported("look-around or named group");
      const inner = alternation();
      if (peek() !== ")") throw new Unsupported("unbalanced group");
      i++;
      return inner;
    }
    if (c === "[") return { k: "set", s: classAtom() };
    if (c === ".") {
      i++;
      return { k: "set", s: DOT };
    }
    if (c === "\\") {
      i += 2;
      return { k: "set", s: escapeSet(source[i - 1] as string) };
    }
    if ("^$|)*+?{".includes(c)) throw new Unsupported(`'${c}' here`);
    i++;
    return { k: "set", s: literal(c) };
  }
  function quantified(): Node {
    let node = atom();
    for (;;) {
      const c = peek();
      let min: number;
      let max: number;
      if (c === "*") [min, max] = [0, -1];
      else if (c === "+") [min, max] = [1, -1];
      else if (c === "?") [min, max] = [0, 1];
      else if (c === "{") {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
        if (!m) throw new Unsupported("brace");
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === "" ? -1 : Number(m[3]);
        i += m[0].length - 1;
      } else return node;
      i++;
      if (peek() === "?") i++; // lazy: the same language for an anchored test
      node = { k: "rep", item: node, min, max };
    }
  }
  function sequence(): Node {
    const items: Node[] = [];
    while (i < source.length && peek() !== "|" && peek() !== ")") {
      if (peek() === "$" && i === source.length - 1) break;
      items.push(quantified());
    }
    return { k: "seq", items };
  }
  function alternation(): Node {
    const items = [sequence()];
    while (peek() === "|") {
      i++;
      items.push(sequence());
    }
    return items.length === 1 ? (items[0] as Node) : { k: "alt", items };
  }
  if (!source.startsWith("^") || !source.endsWith("$") || source.endsWith("\\$"))
    throw new Unsupported("not anchored at both ends");
  i = 1;
  // `^a|b$` is (^a)|(b$) in JavaScript: a top-level alternative is not anchored at both ends.
  const node = sequence();
  if (peek() === "|") throw new Unsupported("top-level alternation");
  if (i !== source.length - 1) throw new Unsupported("'^' or '$' inside, or unbalanced");
  return node;
}

function thompson(root: Node): { nfa: Nfa; start: number; accept: number } {
  const nfa: Nfa = { sets: [], to: [], eps: [] };
  const state = (): number => {
    if (nfa.to.length >= MAX_NFA_STATES) throw new Unsupported("too many states");
    nfa.sets.push(undefined);
    nfa.to.push(-1);
    nfa.eps.push([]);
    return nfa.to.length - 1;
  };
  /** Builds `node` from state `from`; returns its end state. */
  function build(node: Node, from: number): number {
    switch (node.k) {
      case "set": {
        const end = state();
        nfa.sets[from] = node.s;
        nfa.to[from] = end;
        // `from` now has a byte edge: further edges from it would be lost; callers give each
        // set a fresh `from` (see seq and rep).
        return end;
      }
      case "seq": {
        let at = from;
        for (const item of node.items) {
          const next = state();
          (nfa.eps[at] as number[]).push(next);
          at = build(item, next);
        }
        return at;
      }
      case "alt": {
        const end = state();
        for (const item of node.items) {
          const start = state();
          (nfa.eps[from] as number[]).push(start);
          (nfa.eps[build(item, start)] as number[]).push(end);
        }
        return end;
      }
      case "rep": {
        let at = from;
        for (let n = 0; n < node.min; n++) {
          const start = state();
          (nfa.eps[at] as number[]).push(start);
          at = build(node.item, start);
        }
        const end = state();
        if (node.max === -1) {
          const start = state();
          (nfa.eps[at] as number[]).push(start, end);
          const back = build(node.item, start);
          (nfa.eps[back] as number[]).push(start, end);
        } else {
          for (let n = node.min; n < node.max; n++) {
            (nfa.eps[at] as number[]).push(end);
            const start = state();
            (nfa.eps[at] as number[]).push(start);
            at = build(node.item, start);
          }
          (nfa.eps[at] as number[]).push(end);
        }
        return end;
      }
    }
  }
  const start = state();
  const accept = build(root, start);
  return { nfa, start, accept };
}

function closure(nfa: Nfa, states: Iterable<number>): number[] {
  const seen = new Set<number>();
  const stack = [...states];
  while (stack.length) {
    const s = stack.pop() as number;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const t of nfa.eps[s] as number[]) if (!seen.has(t)) stack.push(t);
  }
  return [...seen].sort((a, b) => a - b);
}

/** The automaton of `pattern`, or undefined when it is left to the RegExp (see above). */
export function byteAutomaton(pattern: string): ByteAutomaton | undefined {
  let built: ReturnType<typeof thompson>;
  try {
    built = thompson(parse(pattern));
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  const { nfa, start, accept } = built;
  // Byte classes: bytes that every set of the automaton either holds or lacks together.
  const signature = new Array<string>(128).fill("");
  for (const s of nfa.sets) if (s) for (let c = 0; c < 128; c++) signature[c] += s[c] ? "1" : "0";
  const classOf = new Map<string, number>();
  const classes = new Uint8Array(128);
  const representative: number[] = [];
  for (let c = 0; c < 128; c++) {
    const key = signature[c] as string;
    let k = classOf.get(key);
    if (k === undefined) {
      k = classOf.size;
      classOf.set(key, k);
      representative.push(c);
    }
    classes[c] = k;
  }
  const classCount = classOf.size;
  // Subsets: DFA state 0 is dead, 1 the start.
  const ids = new Map<string, number>([["", 0]]);
  const subsets: number[][] = [[]];
  const queue: number[] = [];
  const intern = (subset: number[]): number => {
    const key = subset.join(",");
    let id = ids.get(key);
    if (id === undefined) {
      id = subsets.length;
      if (id >= MAX_DFA_STATES) throw new Unsupported("automaton too large");
      ids.set(key, id);
      subsets.push(subset);
      queue.push(id);
    }
    return id;
  };
  const rows: number[][] = [];
  try {
    intern(closure(nfa, [start]));
    while (queue.length) {
      const id = queue.shift() as number;
      const subset = subsets[id] as number[];
      const row = new Array<number>(classCount).fill(0);
      for (let k = 0; k < classCount; k++) {
        const c = representative[k] as number;
        const targets: number[] = [];
        for (const s of subset) if (nfa.sets[s]?.[c]) targets.push(nfa.to[s] as number);
        row[k] = targets.length ? intern(closure(nfa, targets)) : 0;
      }
      rows[id] = row;
    }
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  const next = new Uint16Array(subsets.length * classCount);
  const accepting = new Uint8Array(subsets.length);
  subsets.forEach((subset, id) => {
    if (id === 0) return;
    next.set(rows[id] as number[], id * classCount);
    if (subset.includes(accept)) accepting[id] = 1;
  });
  return { classes, next, classCount, accepting };
}

/**
 * Whether the ASCII bytes `b[s..e)` match the automaton; undefined when a byte is above 0x7f
 * (the caller asks the RegExp).
 */
export function matchBytes(
  a: ByteAutomaton,
  b: Uint8Array,
  s: number,
  e: number,
): boolean | undefined {
  const { classes, next, classCount } = a;
  let state = 1;
  for (let k = s; k < e; k++) {
    const c = b[k] as number;
    if (c > 0x7f) return undefined;
    state = next[state * classCount + (classes[c] as number)] as number;
    if (state === 0) return false;
  }
  return a.accepting[state] === 1;
}
