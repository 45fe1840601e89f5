/** A config problem, located: `config/newsbot.yaml:14 feeds[2].url: Invalid URL`. */

export interface ConfigProblem {
  /** 1-based line in the file; null when unknown (file unreadable, config built in code). */
  line: number | null;
  /** Key path like `feeds[2].url`, `(root)` for the whole document, `(file)` when the file cannot be read. */
  path: string;
  detail: string;
}

export class ConfigError extends Error {
  readonly file: string;
  readonly line: number | null;
  readonly path: string;
  readonly detail: string;
  /** Every problem found, first line first; the message names the first. */
  readonly problems: ConfigProblem[];

  constructor(file: string, problems: ConfigProblem[]) {
    const first = problems[0] ?? { line: null, path: '(root)', detail: 'invalid config' };
    super(formatProblem(file, first));
    this.name = 'ConfigError';
    this.file = file;
    this.line = first.line;
    this.path = first.path;
    this.detail = first.detail;
    this.problems = problems;
  }
}

export function formatProblem(file: string, problem: ConfigProblem): string {
  const where = problem.line === null ? file : `${file}:${problem.line}`;
  return `${where} ${problem.path}: ${problem.detail}`;
}
