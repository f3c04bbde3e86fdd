/**
 * A place written as text → the deepest division it names, and the rest as the address (issue 20):
 * 浙江省宁波市江北区甬江街道梅堰社区某某路12号3幢, 江北区甬江街道, 甬江街道梅堰社区, 梅堰18号. Levels may be
 * skipped and suffixes left out. Runs against an in-memory index of the parts of the tree loaded so far; when
 * the answer depends on a subtree not yet loaded, it says which (the importer loads them and asks again).
 * Pure: no I/O.
 */
import { parentCode, scopePrefix } from './divisions.ts';
import { divisionLikeSegment, NOT_AFTER_SHORT, nameSimilarity, shortForms } from './place-names.ts';

export interface PlaceNode {
  code: string;
  name: string;
  fullName: string;
  level: number;
}

export interface PlaceContext {
  /** Code prefix inside which a text may start below county level (梅堰社区 alone); null: nowhere. */
  scope: string | null;
  /** The importer's jurisdiction: candidates nearest to it are the most likely. */
  near: string;
  /** Resolve a tie in favour of the one inside `scope` (residence), or report it (household registration). */
  preferScope: boolean;
  /** Divisions below county level found by exact name in the database, allowed as a text's first division. */
  roots?: ReadonlySet<string>;
}

export type PlaceParse =
  | { kind: 'ok'; node: PlaceNode; rest: string }
  /** Subtrees (county or city codes) to load before the answer is final. */
  | { kind: 'load'; scopes: string[] }
  /** Several divisions fit equally well, most likely first. */
  | { kind: 'ambiguous'; candidates: PlaceNode[] }
  /** A division-like word nothing matches (a misspelling): the closest divisions where it should be. */
  | { kind: 'unknown'; segment: string; under: PlaceNode | null; candidates: PlaceNode[] };

interface Step {
  node: PlaceNode;
  /** Matched by a short form (梅堰 for 梅堰社区). */
  short: boolean;
  /** Characters of the text it consumed. */
  len: number;
}
interface Chain {
  steps: Step[];
  end: number;
}

const MIN_KEY = 2;
/** Where a subtree of levels 4–5 is loaded from: the county, or the city for a chain that stops there. */
export function subtreeScope(node: PlaceNode): string | null {
  if (node.level === 2) return node.code;
  if (node.level >= 3) return `${node.code.slice(0, 6)}000000`;
  return null;
}

export class PlaceIndex {
  private readonly byKey = new Map<string, PlaceNode[]>();
  private readonly nodes = new Map<string, PlaceNode>();
  /** Children by parent code, and levels 1–3 by level: where a misspelt name's candidates are sought. */
  private readonly children = new Map<string, PlaceNode[]>();
  private readonly upper = new Map<number, PlaceNode[]>();
  private readonly loaded = new Set<string>();
  private maxKey = MIN_KEY;

  get size(): number {
    return this.nodes.size;
  }

  add(nodes: Iterable<PlaceNode>): void {
    for (const node of nodes) {
      if (this.nodes.has(node.code)) continue;
      this.nodes.set(node.code, node);
      const parent = parentCode(node.code);
      if (parent) listIn(this.children, parent).push(node);
      if (node.level <= 3) listIn(this.upper, node.level).push(node);
      for (const key of [node.name, ...shortForms(node.name)]) {
        const list = this.byKey.get(key);
        if (list) list.push(node);
        else this.byKey.set(key, [node]);
        if (key.length > this.maxKey) this.maxKey = key.length;
      }
    }
  }

  /** Levels 4–5 under this county or city code are in the index. */
  markLoaded(scope: string): void {
    this.loaded.add(scope);
  }

  isLoaded(node: PlaceNode): boolean {
    const scope = subtreeScope(node);
    if (scope === null) return true;
    return this.loaded.has(scope) || this.loaded.has(`${node.code.slice(0, 4)}00000000`);
  }

  /** Divisions whose name or short form starts the text at `at`, below `under` (any depth) or from the top. */
  private matchesAt(text: string, at: number, under: PlaceNode | null, ctx: PlaceContext): Step[] {
    const out: Step[] = [];
    const prefix = under ? scopePrefix(under.code) : '';
    for (let k = Math.min(this.maxKey, text.length - at); k >= MIN_KEY; k--) {
      const key = text.slice(at, at + k);
      const list = this.byKey.get(key);
      if (!list) continue;
      for (const node of list) {
        if (under) {
          if (node.level <= under.level || !node.code.startsWith(prefix)) continue;
        } else if (node.level > 3 && !(ctx.scope && node.code.startsWith(ctx.scope)) && !ctx.roots?.has(node.code))
          continue;
        const short = key !== node.name;
        if (short && NOT_AFTER_SHORT.test(text.slice(at + k))) continue;
        out.push({ node, short, len: k });
      }
    }
    return out;
  }

  private chains(text: string, ctx: PlaceContext): Chain[] {
    const out: Chain[] = [];
    const walk = (at: number, under: PlaceNode | null, steps: Step[]) => {
      const next = steps.length >= 5 ? [] : this.matchesAt(text, at, under, ctx);
      if (next.length === 0) {
        if (steps.length > 0) out.push({ steps, end: at });
        return;
      }
      for (const step of next) walk(at + step.len, step.node, [...steps, step]);
    };
    walk(0, null, []);
    return out;
  }

  /** Resolves `text` (whitespace already removed). */
  parse(text: string, ctx: PlaceContext): PlaceParse {
    const chains = this.chains(text, ctx);
    // A chain stopping at a county or city with text left may go deeper once that subtree is loaded.
    const scopes = new Set<string>();
    for (const chain of chains) {
      const last = (chain.steps[chain.steps.length - 1] as Step).node;
      if (chain.end < text.length && !this.isLoaded(last)) scopes.add(subtreeScope(last) as string);
    }
    if (scopes.size > 0) return { kind: 'load', scopes: [...scopes] };
    const best = bestChains(chains);
    if (best.length === 0) return this.unknown(text, null, ctx);
    let finals = uniqueNodes(best.map((c) => (c.steps[c.steps.length - 1] as Step).node));
    if (finals.length > 1 && ctx.preferScope && ctx.scope) {
      const inside = finals.filter((n) => n.code.startsWith(ctx.scope as string));
      if (inside.length === 1) finals = inside;
    }
    if (finals.length > 1) return { kind: 'ambiguous', candidates: byNearness(finals, ctx.near) };
    const node = finals[0] as PlaceNode;
    const end = (best.find((c) => c.steps[c.steps.length - 1]?.node === node) as Chain).end;
    const rest = text.slice(end).replace(/^[,，、;；:：\-—/]+/, '');
    const misspelt = divisionLikeSegment(rest);
    if (misspelt && misspelt.level > node.level) return this.unknown(rest, node, ctx);
    return { kind: 'ok', node, rest };
  }

  /** A division-like word nothing matched: candidates where it should be, the closest first. */
  private unknown(text: string, under: PlaceNode | null, ctx: PlaceContext): PlaceParse {
    const seg = divisionLikeSegment(text);
    const segment = seg?.segment ?? text.slice(0, 20);
    if (!seg) return { kind: 'unknown', segment, under, candidates: [] };
    const scored: { node: PlaceNode; score: number }[] = [];
    for (const node of this.candidatesAt(seg.level, under, ctx)) {
      const score = nameSimilarity(seg.segment, node.name);
      if (score > 0) scored.push({ node, score });
    }
    const near = (n: PlaceNode) => commonPrefix(n.code, ctx.near);
    scored.sort((a, b) => b.score - a.score || near(b.node) - near(a.node) || a.node.code.localeCompare(b.node.code));
    return { kind: 'unknown', segment, under, candidates: uniqueNodes(scored.map((s) => s.node)).slice(0, 5) };
  }

  /**
   * Divisions at the level a suffix names (市: 2 or 3), under `under`, else under the context's county (levels
   * 4–5) or anywhere (levels 1–3). Walks the children, so a batch of misspellings stays cheap.
   */
  private candidatesAt(level: number, under: PlaceNode | null, ctx: PlaceContext): PlaceNode[] {
    const wanted = (n: PlaceNode) => (level === 2 ? n.level === 2 || n.level === 3 : n.level === level);
    let root = under;
    if (!root) {
      if (level <= 3) return [...(this.upper.get(level) ?? []), ...(level === 2 ? (this.upper.get(3) ?? []) : [])];
      root = ctx.scope ? (this.nodes.get(ctx.scope.padEnd(12, '0')) ?? null) : null;
      if (!root) return [];
    }
    const out: PlaceNode[] = [];
    const walk = (code: string) => {
      for (const child of this.children.get(code) ?? []) {
        if (wanted(child)) out.push(child);
        else if (child.level < level) walk(child.code);
      }
    };
    walk(root.code);
    return out;
  }
}

function listIn<K>(map: Map<K, PlaceNode[]>, key: K): PlaceNode[] {
  const list = map.get(key);
  if (list) return list;
  const created: PlaceNode[] = [];
  map.set(key, created);
  return created;
}

/** Most text consumed, then the deepest division, then the fewest short forms. */
function bestChains(chains: Chain[]): Chain[] {
  const key = (c: Chain) => [
    c.end,
    (c.steps[c.steps.length - 1] as Step).node.level,
    -c.steps.filter((s) => s.short).length,
  ];
  let best: Chain[] = [];
  let top: number[] | null = null;
  for (const chain of chains) {
    const k = key(chain);
    const cmp = top === null ? 1 : compare(k, top);
    if (cmp > 0) {
      top = k;
      best = [chain];
    } else if (cmp === 0) best.push(chain);
  }
  return best;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

function uniqueNodes(nodes: PlaceNode[]): PlaceNode[] {
  return [...new Map(nodes.map((n) => [n.code, n])).values()];
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

/** Closest to the importer's jurisdiction first (sharing the longest code prefix), then by code. */
export function byNearness(nodes: PlaceNode[], near: string): PlaceNode[] {
  return [...nodes].sort(
    (a, b) => commonPrefix(b.code, near) - commonPrefix(a.code, near) || a.code.localeCompare(b.code),
  );
}
