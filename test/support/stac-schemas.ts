import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { SHARED_DIR } from './samples.ts';

/**
 * The official STAC JSON Schemas of ../shared/stac-schemas, read in place and registered under their
 * `$id` (as that folder's README shows), so every `$ref` resolves offline. A schema that is not there
 * fails the validation instead of reaching for the network.
 */
export const STAC_SCHEMA_DIR = join(SHARED_DIR, 'stac-schemas');

export const CORE_SCHEMAS = {
  item: 'https://schemas.stacspec.org/v1.0.0/item-spec/json-schema/item.json',
  collection: 'https://schemas.stacspec.org/v1.0.0/collection-spec/json-schema/collection.json',
  catalog: 'https://schemas.stacspec.org/v1.0.0/catalog-spec/json-schema/catalog.json',
} as const;

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return e === 'licenses' ? [] : jsonFiles(p);
    return e.endsWith('.json') ? [p] : [];
  });
}

let ajv: Ajv | undefined;

function load(): Ajv {
  if (ajv) return ajv;
  const a = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (x: Ajv) => void)(a); // ajv-formats' CJS default export, typed for its own Ajv copy
  a.addFormat('iri', true);
  a.addFormat('iri-reference', true);
  for (const f of jsonFiles(STAC_SCHEMA_DIR)) a.addSchema(JSON.parse(readFileSync(f, 'utf8')) as object);
  ajv = a;
  return a;
}

function validator(url: string): ValidateFunction {
  const v = load().getSchema(url) ?? load().getSchema(`${url}#`);
  if (!v) throw new Error(`no schema ${url} in ${STAC_SCHEMA_DIR}`);
  return v;
}

/** Problems of a STAC document against its core schema and every `stac_extensions` schema it declares; [] when valid. */
export function stacProblems(doc: unknown, kind: keyof typeof CORE_SCHEMAS): string[] {
  const urls = [CORE_SCHEMAS[kind], ...(((doc as { stac_extensions?: string[] }).stac_extensions ?? []) as string[])];
  const problems: string[] = [];
  for (const url of urls) {
    const v = validator(url);
    if (!v(doc)) problems.push(...(v.errors ?? []).slice(0, 5).map((e) => `${url}: ${e.instancePath} ${e.message ?? ''}`));
  }
  return problems;
}
