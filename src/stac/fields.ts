/**
 * The fields extension (stac-api-extensions/fields v1.0.0): `include` and `exclude` are dotted paths
 * (`properties.eo:cloud_cover`). No `fields` → the whole item; both lists empty → the default set (id,
 * type, geometry, bbox, links, assets, properties.datetime); `include` only → that set plus the
 * included paths; a path in both lists is included (include takes precedence). `type`, `stac_version` and
 * `id` are always kept, which the extension allows for simple string members.
 */
export interface FieldsSpec {
  include?: readonly string[] | undefined;
  exclude?: readonly string[] | undefined;
}

const ALWAYS = ['type', 'stac_version', 'id'];
const DEFAULT_SET = ['geometry', 'bbox', 'links', 'assets', 'properties.datetime', 'collection', 'stac_extensions'];

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function copyPath(from: Json, to: Json, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(from, head)) return;
  const value = from[head];
  if (rest.length === 0) {
    to[head] = value;
    return;
  }
  if (!isObject(value)) return;
  const target = isObject(to[head]) ? (to[head] as Json) : {};
  to[head] = target;
  copyPath(value, target, rest);
}

function deletePath(obj: Json, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(obj, head)) return;
  if (rest.length === 0) {
    delete obj[head];
    return;
  }
  const value = obj[head];
  if (isObject(value)) {
    const copy = { ...value };
    obj[head] = copy;
    deletePath(copy, rest);
  }
}

/** Splits a path at dots, except inside a property name such as `properties.eo:cloud_cover` (no dots there anyway). */
const split = (path: string): string[] => path.split('.').filter((s) => s !== '');

export function applyFields(item: Json, fields: FieldsSpec | undefined): Json {
  if (fields === undefined) return item;
  const include = fields.include ?? [];
  const exclude = (fields.exclude ?? []).filter((p) => !include.includes(p) && !ALWAYS.includes(p));
  let out: Json;
  if (include.length > 0 || exclude.length === 0) {
    out = {};
    for (const p of [...ALWAYS, ...DEFAULT_SET, ...include]) copyPath(item, out, split(p));
  } else {
    out = { ...item };
  }
  for (const p of exclude) deletePath(out, split(p));
  return out;
}
