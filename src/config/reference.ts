import { z } from 'zod';
import { ENV_KEYS } from './env.ts';
import { configSchema } from './schema.ts';

interface JsonSchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchemaNode>;
}

/**
 * The configuration reference (docs/configuration.md), generated from the zod schema so that it cannot
 * drift: `npm run docs:config` writes it and test/config/reference.test.ts fails when it is stale.
 */
export function renderConfigReference(): string {
  const root = z.toJSONSchema(configSchema, { io: 'input' }) as JsonSchemaNode;
  const envByKey = new Map<string, string[]>();
  for (const [name, path] of Object.entries(ENV_KEYS)) {
    const key = path.join('.');
    envByKey.set(key, [...(envByKey.get(key) ?? []), name]);
  }
  const rows: string[] = [];
  const visit = (node: JsonSchemaNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const key = prefix ? `${prefix}.${name}` : name;
      if (child.properties) {
        visit(child, key);
        continue;
      }
      const type = child.enum ? child.enum.map((v) => `\`${String(v)}\``).join(' \\| ') : (child.type ?? 'string');
      const bound = (v: number | undefined): string => (v === undefined || Math.abs(v) === Number.MAX_SAFE_INTEGER ? '' : String(v));
      const [min, max] = [bound(child.minimum), bound(child.maximum)];
      const range = min !== '' || max !== '' ? ` (${min}…${max})` : '';
      const def = child.default === undefined ? '—' : `\`${JSON.stringify(child.default)}\``;
      const env = (envByKey.get(key) ?? []).map((e) => `\`${e}\``).join(', ') || '—';
      const description = (child.description ?? '').replace(/\s*Env [A-Z_]+( or [A-Z_]+)?( \([^)]*\))?\.$/, '').replaceAll('|', '\\|');
      rows.push(`| \`${key}\` | ${type}${range} | ${def} | ${env} | ${description} |`);
    }
  };
  visit(root, '');
  return [
    '# Configuration reference',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run docs:config`; do not edit by hand. -->',
    '',
    'Values are read in this order, later ones winning: defaults, the JSON file named by `--config` or `EOHUB_CONFIG`,',
    'the environment variables below, then command-line flags. Every problem is reported at once before anything starts.',
    '',
    '| key | type | default | environment | meaning |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
