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

export { configSchema, type HubConfig, type ConfigInput } from './schema.ts';
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

/** Keys whose variables are booleans (true/false, 1/0, yes/no, on/off) or comma-separated lists. */
const BOOLEAN_KEYS = new Set(['onEmptyStart', 'transactions']);
const LIST_KEYS = new Set(['corsOrigins']);

function parseEnvValue(path: string[], value: string): unknown {
  const key = path.at(-1) ?? '';
  if (BOOLEAN_KEYS.has(key)) {
    if (/^(1|true|yes|on)$/i.test(value)) return true;
    if (/^(0|false|no|off)$/i.test(value)) return false;
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
  return copy;
}
