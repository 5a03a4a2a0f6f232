/**
 * Configuration: one zod schema (schema.ts), read once at start from defaults, then an optional JSON file,
 * then EOHUB_* environment variables, then CLI flags. This module is the only place that reads process.env.
 * All problems are reported together in one ConfigError before anything listens.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { HubError } from '../errors/index.ts';
import { ENV_KEYS } from './env.ts';
import { configSchema, type HubConfig } from './schema.ts';

export { configSchema, type HubConfig, type ConfigInput, type EvictionPolicy } from './schema.ts';
export { renderConfigReference } from './reference.ts';

export const CONFIG_ERRORS = { INVALID: 'CONFIG_INVALID' } as const;

type Plain = { [key: string]: unknown };

export interface LoadConfigOptions {
  /** Path of a JSON configuration file (also EOHUB_CONFIG). */
  file?: string | undefined;
  /** Values from CLI flags, highest precedence. */
  overrides?: Plain;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export function loadConfig(options: LoadConfigOptions = {}): HubConfig {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  let merged: Plain = {};

  const file = options.file ?? env['EOHUB_CONFIG'];
  if (file) {
    try {
      merged = deepMerge(merged, JSON.parse(readFileSync(resolve(file), 'utf8')) as Plain);
    } catch (cause) {
      problems.push(`config file ${file}: ${(cause as Error).message}`);
    }
  }
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') merged = deepMerge(merged, nest(path, parseEnvValue(path, value)));
  }
  merged = deepMerge(merged, options.overrides ?? {});

  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) problems.push(...parsed.error.issues.map(formatIssue));
  if (problems.length > 0 || !parsed.success) {
    throw new HubError(CONFIG_ERRORS.INVALID, 'invalid', `invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
  }
  return deepFreeze(parsed.data);
}

/** EOHUB_* variables read outside the configuration: the file path, and the test and bench settings. */
const OTHER_VARIABLES = new Set(['EOHUB_CONFIG', 'EOHUB_TEST_DATABASE_URL', 'EOHUB_SHARED_DIR']);

/**
 * EOHUB_* variables in the environment that no setting reads, each with the closest known name: a typo
 * (EOHUB_DEMO_ON_EMPTY_START for EOHUB_DEMO) would otherwise be ignored without a word.
 */
export function unknownEnvVariables(env: NodeJS.ProcessEnv = process.env): { name: string; closest: string }[] {
  const known = [...Object.keys(ENV_KEYS), ...OTHER_VARIABLES];
  return Object.keys(env)
    .filter((name) => name.startsWith('EOHUB_') && !OTHER_VARIABLES.has(name) && !(name in ENV_KEYS))
    .sort()
    .map((name) => ({ name, closest: closestName(name, known) }));
}

function closestName(name: string, known: readonly string[]): string {
  let best = known[0] ?? '';
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** Levenshtein distance, two rows at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Keys whose variables are booleans (true/false, 1/0, yes/no, on/off), comma-separated lists or JSON. */
const BOOLEAN_KEYS = new Set([
  'onEmptyStart',
  'transactions',
  'enabled',
  'inProcessWorker',
  'forcePathStyle',
  'databasePreparedStatements',
]);
const LIST_KEYS = new Set(['corsOrigins']);
/** Keys whose variables hold JSON (a per-collection map, a list of views); unparsable text is left for the schema to refuse. */
const JSON_KEYS = new Set(['eviction', 'views']);

function parseEnvValue(path: string[], value: string): unknown {
  const key = path.at(-1) ?? '';
  if (BOOLEAN_KEYS.has(key)) {
    if (/^(1|true|yes|on)$/i.test(value)) return true;
    if (/^(0|false|no|off)$/i.test(value)) return false;
  }
  if (JSON_KEYS.has(key)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  if (LIST_KEYS.has(key))
    return value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
  return value;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.join('.') || '(root)';
  return `${key}: ${issue.message}`;
}

function nest(path: string[], value: unknown): Plain {
  return path.reduceRight<unknown>((acc, key) => ({ [key]: acc }), value) as Plain;
}

function deepMerge(a: Plain, b: Plain): Plain {
  const out: Plain = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isPlain(prev) && isPlain(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

function isPlain(v: unknown): v is Plain {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function deepFreeze<T>(value: T): T {
  if (isPlain(value)) for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

/** Keys whose values are secrets and must never be logged as they are. */
export function redactConfig(config: HubConfig): Plain {
  const copy = JSON.parse(JSON.stringify(config)) as Plain;
  if (typeof copy['databaseUrl'] === 'string') copy['databaseUrl'] = copy['databaseUrl'].replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  const auth = copy['auth'];
  if (isPlain(auth) && auth['adminPassword'] !== undefined) auth['adminPassword'] = '***';
  const s3 = copy['s3'];
  for (const k of ['secretAccessKey', 'secretsKey']) if (isPlain(s3) && s3[k] !== undefined) s3[k] = '***';
  for (const section of ['storage', 'archive']) {
    const parent = copy[section];
    const storeS3 = isPlain(parent) ? parent['s3'] : undefined;
    if (isPlain(storeS3) && storeS3['secretAccessKey'] !== undefined) storeS3['secretAccessKey'] = '***';
  }
  return copy;
}
