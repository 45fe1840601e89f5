/**
 * Prefix terms (`Afghan*`) by the UTF-16 units of their head, so a text word walks down only as far as some
 * prefix term follows it and meets exactly the terms whose head starts the word. (A table keyed by the first
 * few units handed every word starting "afg" all the `afgh…*` terms to check one by one.)
 */

/** Numbers per edge slot: parent node, unit, child node (0 = empty slot), terms ending at the child. */
const EDGE = 4;
export const EDGE_CHILD = 2;
/** Reference to the terms ending at the child (see TermIndex), -1 when none; set by `pack`. */
export const EDGE_TERMS = 3;

export class PrefixTrie {
  /** Edges in one open-addressing table, EDGE numbers each, so a step reads one cache line. */
  edges = new Int32Array(EDGE * 64);
  private mask = 63;
  private edgeCount = 0;
  /** Term ids ending at each node (node 0 is the root), or null, until `pack`. */
  private readonly terms: Array<number[] | null> = [null];

  get isEmpty(): boolean {
    return this.edgeCount === 0;
  }

  add(key: string, termId: number): void {
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const unit = key.charCodeAt(i);
      const edge = this.find(node, unit);
      let child: number;
      if (edge >= 0) child = this.edges[edge + EDGE_CHILD]!;
      else {
        child = this.terms.length;
        this.terms.push(null);
        this.addEdge(node, unit, child);
      }
      node = child;
    }
    (this.terms[node] ??= []).push(termId);
  }

  /** Stores in each edge a reference to the term ids ending at its child, once every key is added. */
  pack(convert: (ids: number[]) => number): void {
    for (let at = 0; at < this.edges.length; at += EDGE) {
      const child = this.edges[at + EDGE_CHILD]!;
      if (child === 0) continue;
      const ids = this.terms[child]!;
      this.edges[at + EDGE_TERMS] = ids === null ? -1 : convert(ids);
    }
  }

  /** The offset in `edges` of the edge that ends the path spelling `key`, -1 when there is none. */
  locate(key: string): number {
    let edge = -1;
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      edge = this.find(node, key.charCodeAt(i));
      if (edge < 0) return -1;
      node = this.edges[edge + EDGE_CHILD]!;
    }
    return edge;
  }

  /** The offset in `edges` of the edge from `node` by `unit`, -1 when none. */
  find(node: number, unit: number): number {
    const edges = this.edges;
    const mask = this.mask;
    let i = (Math.imul(node, 0x9e3779b1) ^ unit) & mask;
    for (;;) {
      const at = i * EDGE;
      if (edges[at + EDGE_CHILD] === 0) return -1;
      if (edges[at] === node && edges[at + 1] === unit) return at;
      i = (i + 1) & mask;
    }
  }

  private addEdge(parent: number, unit: number, child: number): void {
    if ((this.edgeCount + 1) * 2 > this.mask + 1) this.grow();
    this.place(parent, unit, child);
    this.edgeCount++;
  }

  private place(parent: number, unit: number, child: number): void {
    let i = (Math.imul(parent, 0x9e3779b1) ^ unit) & this.mask;
    while (this.edges[i * EDGE + EDGE_CHILD] !== 0) i = (i + 1) & this.mask;
    const at = i * EDGE;
    this.edges[at] = parent;
    this.edges[at + 1] = unit;
    this.edges[at + EDGE_CHILD] = child;
    this.edges[at + EDGE_TERMS] = -1;
  }

  private grow(): void {
    const old = this.edges;
    this.mask = this.mask * 2 + 1;
    this.edges = new Int32Array(EDGE * (this.mask + 1));
    for (let at = 0; at < old.length; at += EDGE) {
      if (old[at + EDGE_CHILD] !== 0) this.place(old[at]!, old[at + 1]!, old[at + EDGE_CHILD]!);
    }
  }
}
