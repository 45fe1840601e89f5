/**
 * Prefix terms (`Afghan*`) by the UTF-16 units of their head, so a text word walks down only as far as some
 * prefix term follows it and meets exactly the terms whose head starts the word. (A table keyed by the first
 * few units handed every word starting "afg" all the `afgh…*` terms to check one by one.)
 */

export class PrefixTrie {
  /** Edges in one open-addressing table: parent node, unit, child node (0 = empty slot). */
  private edgeParent = new Int32Array(64);
  private edgeUnit = new Int32Array(64);
  private edgeChild = new Int32Array(64);
  private mask = 63;
  private edges = 0;
  /** Term ids ending at each node (node 0 is the root), or null; packed by `pack` once all are added. */
  private readonly terms: Array<number[] | null> = [null];
  private packed = new Int32Array(0);

  get isEmpty(): boolean {
    return this.edges === 0;
  }

  add(key: string, termId: number): void {
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const unit = key.charCodeAt(i);
      let child = this.child(node, unit);
      if (child === 0) {
        child = this.terms.length;
        this.terms.push(null);
        this.addEdge(node, unit, child);
      }
      node = child;
    }
    (this.terms[node] ??= []).push(termId);
  }

  /** The child of `node` by `unit`, 0 when none. */
  child(node: number, unit: number): number {
    const mask = this.mask;
    let i = (Math.imul(node, 0x9e3779b1) ^ unit) & mask;
    for (;;) {
      const c = this.edgeChild[i]!;
      if (c === 0) return 0;
      if (this.edgeParent[i] === node && this.edgeUnit[i] === unit) return c;
      i = (i + 1) & mask;
    }
  }

  /** Replaces each node's list of term ids by a reference (see TermIndex), once every key is added. */
  pack(convert: (ids: number[]) => number): void {
    this.packed = Int32Array.from(this.terms, (ids) => (ids === null ? -1 : convert(ids)));
  }

  /** The reference to the terms ending at `node`, or -1. */
  termsAt(node: number): number {
    return this.packed[node]!;
  }

  private addEdge(parent: number, unit: number, child: number): void {
    if ((this.edges + 1) * 2 > this.mask + 1) this.grow();
    this.place(parent, unit, child);
    this.edges++;
  }

  private place(parent: number, unit: number, child: number): void {
    let i = (Math.imul(parent, 0x9e3779b1) ^ unit) & this.mask;
    while (this.edgeChild[i] !== 0) i = (i + 1) & this.mask;
    this.edgeParent[i] = parent;
    this.edgeUnit[i] = unit;
    this.edgeChild[i] = child;
  }

  private grow(): void {
    const [parents, units, children] = [this.edgeParent, this.edgeUnit, this.edgeChild];
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.edgeParent = new Int32Array(size);
    this.edgeUnit = new Int32Array(size);
    this.edgeChild = new Int32Array(size);
    for (let i = 0; i < children.length; i++) if (children[i] !== 0) this.place(parents[i]!, units[i]!, children[i]!);
  }
}
