/**
 * A query's boolean structure as a postfix program in one shared Int32Array, evaluated with a small byte stack:
 * no closures per subscription, no objects touched per hit. Each op is `operand << 2 | kind`.
 */
import type { Query, TermNode } from '../query/query-ast.js';

const TERM = 0;
const NOT = 1;
const AND = 2;
const OR = 3;

export class ProgramStore {
  private code = new Int32Array(1024);
  private length = 0;
  private stack = new Uint8Array(64);

  /** Appends the query's program and returns its [start, end) in the store. */
  add(q: Query, termId: (t: TermNode) => number): [number, number] {
    const start = this.length;
    const depth = this.emit(q, termId, 0);
    if (depth > this.stack.length) this.stack = new Uint8Array(depth * 2);
    return [start, this.length];
  }

  /** True when the program between start and end holds, given the terms stamped `epoch` in `found`. */
  evaluate(start: number, end: number, found: Int32Array, epoch: number): boolean {
    const code = this.code;
    const stack = this.stack;
    let sp = 0;
    for (let pc = start; pc < end; pc++) {
      const op = code[pc]!;
      const kind = op & 3;
      if (kind === TERM) stack[sp++] = found[op >>> 2] === epoch ? 1 : 0;
      else if (kind === NOT) stack[sp - 1] = stack[sp - 1]! ^ 1;
      else {
        const n = op >>> 2;
        sp -= n;
        let v = stack[sp]!;
        if (kind === AND) for (let i = 1; i < n; i++) v &= stack[sp + i]!;
        else for (let i = 1; i < n; i++) v |= stack[sp + i]!;
        stack[sp++] = v;
      }
    }
    return stack[0] === 1;
  }

  /** Emits q in postfix; returns the stack depth it needs. `base` is the depth already in use below it. */
  private emit(q: Query, termId: (t: TermNode) => number, base: number): number {
    switch (q.kind) {
      case 'term':
        this.push((termId(q) << 2) | TERM);
        return base + 1;
      case 'not': {
        const d = this.emit(q.operand, termId, base);
        this.push(NOT);
        return d;
      }
      case 'and':
      case 'or': {
        let depth = base;
        q.operands.forEach((op, i) => {
          depth = Math.max(depth, this.emit(op, termId, base + i));
        });
        this.push((q.operands.length << 2) | (q.kind === 'and' ? AND : OR));
        return depth;
      }
    }
  }

  private push(op: number): void {
    if (this.length === this.code.length) {
      const bigger = new Int32Array(this.code.length * 2);
      bigger.set(this.code);
      this.code = bigger;
    }
    this.code[this.length++] = op;
  }
}

/**
 * True when the query holds as soon as any of its positive terms occurs: a term, or an OR of terms. Such a
 * query is triggered by all its terms (see chooseTriggers), so it needs no evaluation when triggered.
 */
export function holdsOnAnyTerm(q: Query): boolean {
  return q.kind === 'term' || (q.kind === 'or' && q.operands.every((op) => op.kind === 'term'));
}
