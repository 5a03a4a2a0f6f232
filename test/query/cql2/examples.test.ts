/**
 * The standard's paired examples (OGC 21-065 Annex B, ../shared/cql2/examples): every text and JSON
 * example parses, each pair with the same base name means the same (deep-equal CQL2 AST), and the JSON
 * examples are valid against the standard's schema (a check of the test data itself).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseCql2JsonAst, parseCql2TextAst } from '../../../src/query/index.ts';
import { SHARED_DIR } from '../../support/samples.ts';

const CQL2_DIR = join(SHARED_DIR, 'cql2');
const TEXT_DIR = join(CQL2_DIR, 'examples', 'text');
const JSON_DIR = join(CQL2_DIR, 'examples', 'json');
const textNames = readdirSync(TEXT_DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const jsonNames = readdirSync(JSON_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const base = (f: string): string => f.replace(/\.(txt|json)$/, '');
const readText = (f: string): string => readFileSync(join(TEXT_DIR, f), 'utf8');
const readJson = (f: string): unknown => JSON.parse(readFileSync(join(JSON_DIR, f), 'utf8'));

describe('CQL2 examples of the standard', () => {
  it('finds the examples', () => {
    expect(textNames.length).toBeGreaterThan(100);
    expect(jsonNames.length).toBeGreaterThan(100);
  });

  it.each(textNames)('parses text example %s', (name) => {
    expect(parseCql2TextAst(readText(name))).toBeTypeOf('object');
  });

  it.each(jsonNames)('parses JSON example %s', (name) => {
    expect(parseCql2JsonAst(readJson(name))).toBeTypeOf('object');
  });

  const pairs = textNames.filter((t) => jsonNames.includes(`${base(t)}.json`));
  it('pairs most examples', () => {
    expect(pairs.length).toBeGreaterThan(100);
  });

  it.each(pairs)('gives the same AST for %s in text and JSON', (name) => {
    expect(parseCql2TextAst(readText(name))).toEqual(parseCql2JsonAst(readJson(`${base(name)}.json`)));
  });

  it('finds every JSON example valid against cql2.json', () => {
    // ajv-formats is CommonJS; its default export arrives wrapped under ESM interop.
    type AddFormats = (ajv: Ajv2020) => unknown;
    const mod = addFormatsModule as unknown as AddFormats | { default: AddFormats };
    const addFormats = typeof mod === 'function' ? mod : mod.default;
    const ajv = new Ajv2020({ strict: false, allErrors: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(CQL2_DIR, 'cql2.json'), 'utf8')) as object);
    const invalid = jsonNames.filter((name) => !validate(readJson(name)));
    expect(invalid).toEqual([]);
  });
});
