import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, renderConfigReference } from '../../src/config/index.ts';
import { ENV_KEYS } from '../../src/config/env.ts';

describe('configuration reference', () => {
  it('docs/configuration.md is the one generated from the schema (run `npm run docs:config`)', () => {
    const onDisk = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
    expect(onDisk).toBe(renderConfigReference());
  });

  it('describes every key', () => {
    const walk = (shape: Record<string, { description?: string | undefined; unwrap?: () => unknown }>, prefix: string): string[] =>
      Object.entries(shape).flatMap(([k, v]) => (v.description ? [] : [`${prefix}${k}`]));
    expect(walk(configSchema.shape as never, '')).toEqual([]);
  });

  it('maps every environment variable onto a real key', () => {
    const reference = renderConfigReference();
    for (const path of Object.values(ENV_KEYS)) expect(reference).toContain(`\`${path.join('.')}\``);
  });
});
