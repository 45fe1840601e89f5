/**
 * `${NAME}` in string values is replaced from the environment (`${NAME:-fallback}` when unset or empty,
 * `$${` for a literal `${`). Substituted values are returned as secrets so logging can redact them.
 */

export type ConfigPath = Array<string | number>;

export interface SubstitutionProblem {
  path: ConfigPath;
  detail: string;
}

export interface SubstitutionResult {
  value: unknown;
  secrets: string[];
  problems: SubstitutionProblem[];
}

/** Shorter values are left out of the secrets: redacting "1" or "on" would garble every log line. */
const MIN_SECRET_LENGTH = 4;
const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function substituteEnv(value: unknown, env: Record<string, string | undefined>): SubstitutionResult {
  const secrets = new Set<string>();
  const problems: SubstitutionProblem[] = [];
  // The path is kept as a chain of parents and spelt out only for a problem: copying it at every node was a
  // sixth of loading a config with 10,000 subscriptions.
  const walk = (node: unknown, at: PathLink | null): unknown => {
    if (typeof node === 'string') return substituteString(node, at, env, secrets, problems);
    if (typeof node === 'bigint') return normaliseBigInt(node);
    if (Array.isArray(node)) return node.map((item, index) => walk(item, { up: at, key: index }));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(node)) out[key] = walk((node as Record<string, unknown>)[key], { up: at, key });
      return out;
    }
    return node;
  };
  const result = walk(value, null);
  return { value: result, secrets: [...secrets], problems };
}

interface PathLink {
  up: PathLink | null;
  key: string | number;
}

function spellPath(at: PathLink | null): ConfigPath {
  const path: ConfigPath = [];
  for (let link = at; link; link = link.up) path.push(link.key);
  return path.reverse();
}

function substituteString(
  text: string,
  at: PathLink | null,
  env: Record<string, string | undefined>,
  secrets: Set<string>,
  problems: SubstitutionProblem[],
): string {
  if (!text.includes('${')) return text;
  return text.replace(REFERENCE, (whole, inner: string | undefined) => {
    if (whole === '$${') return '${';
    const body = inner ?? '';
    const fallbackAt = body.indexOf(':-');
    const name = fallbackAt >= 0 ? body.slice(0, fallbackAt) : body;
    if (!NAME.test(name)) {
      problems.push({ path: spellPath(at), detail: `"\${${body}}" is not a valid environment reference (use \${NAME} or \${NAME:-default})` });
      return whole;
    }
    const fromEnv = env[name];
    if (fromEnv !== undefined && fromEnv !== '') {
      if (fromEnv.length >= MIN_SECRET_LENGTH) secrets.add(fromEnv);
      return fromEnv;
    }
    if (fallbackAt >= 0) return body.slice(fallbackAt + 2);
    problems.push({ path: spellPath(at), detail: `environment variable ${name} is not set` });
    return whole;
  });
}

/**
 * The YAML is read with integers as BigInt so an unquoted Discord snowflake keeps every digit:
 * safe integers become numbers again, larger ones become their exact decimal string.
 */
function normaliseBigInt(value: bigint): number | string {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
}
