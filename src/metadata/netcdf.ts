import { File as H5File, Group as H5Group, ready as h5wasmReady } from 'h5wasm/node';
import { HubError } from '../errors/index.ts';
import { METADATA_ERRORS } from './errors.ts';

/**
 * Reads the header of a netCDF-4 (HDF5) file: global attributes and the attribute tree of chosen
 * groups, as plain values. Variables' data are never read, so header-only files work as well as
 * full ones. The same tree shape is built from the JSON renderings of such headers, so that one
 * reader serves both.
 */

/** An attribute value: text, a number, or an array of them (netCDF attributes are often 1-element arrays). */
export type NetcdfValue = string | number | boolean | NetcdfValue[];

export interface NetcdfGroup {
  attributes: Record<string, NetcdfValue>;
  groups: Record<string, NetcdfGroup>;
}

export interface ReadNetcdfOptions {
  /**
   * Group paths ('METADATA', 'data_01/ku') whose whole subtree of attributes is read; the groups on the
   * way there get their own attributes only, and all others are skipped.
   */
  include?: readonly string[];
}

/** Metadata trees are small (an S5P METADATA group has a few thousand attributes); beyond this the file is not what it claims. */
const MAX_NODES = 50_000;

let h5ready: Promise<void> | undefined;

/**
 * h5wasm prints HDF5's error stack to stderr and returns a bad id unless its throwing handler is on;
 * with it, a failure becomes a JS exception we can turn into a HubError. Loaded once, lazily, so that
 * processes that never see a netCDF file never instantiate the wasm module.
 */
function ready(): Promise<void> {
  h5ready ??= h5wasmReady.then((module) => {
    module.activate_throwing_error_handler();
  });
  return h5ready;
}

/**
 * Opens `path` read-only, reads the root attributes and the included groups' attribute trees, and
 * closes the file whatever happens. h5wasm is synchronous, so nothing else touches the file in between.
 */
export async function readNetcdfHeader(path: string, what: string, options: ReadNetcdfOptions = {}): Promise<NetcdfGroup> {
  await ready();
  let file: H5File;
  try {
    file = new H5File(path, 'r');
  } catch (cause) {
    throw new HubError(METADATA_ERRORS.MALFORMED, 'invalid', `${what} is not a readable netCDF-4/HDF5 file`, { cause });
  }
  try {
    const budget = { nodes: 0 };
    const root: NetcdfGroup = { attributes: readAttributes(file, what), groups: {} };
    for (const include of options.include ?? []) {
      const parts = include.split('/').filter((p) => p !== '');
      let parent = root;
      let group: H5Group = file;
      for (const [i, part] of parts.entries()) {
        const child = group.get(part);
        if (!(child instanceof H5Group)) break;
        group = child;
        const last = i === parts.length - 1;
        const next = last
          ? readTree(group, what, budget)
          : (parent.groups[part] ?? { attributes: readAttributes(group, what), groups: {} });
        parent.groups[part] = next;
        parent = next;
      }
    }
    return root;
  } catch (cause) {
    if (cause instanceof HubError) throw cause;
    throw new HubError(METADATA_ERRORS.MALFORMED, 'invalid', `${what}: cannot read its netCDF header`, { cause });
  } finally {
    file.close();
  }
}

function readTree(group: H5Group, what: string, budget: { nodes: number }): NetcdfGroup {
  budget.nodes += 1;
  if (budget.nodes > MAX_NODES) {
    throw new HubError(METADATA_ERRORS.MALFORMED, 'invalid', `${what} has more than ${MAX_NODES} metadata groups`);
  }
  const node: NetcdfGroup = { attributes: readAttributes(group, what), groups: {} };
  for (const name of group.keys()) {
    const child = group.get(name);
    // Datasets (variables) carry attributes too, but none that describe the product.
    if (child instanceof H5Group) node.groups[name] = readTree(child, what, budget);
  }
  return node;
}

function readAttributes(group: H5Group, what: string): Record<string, NetcdfValue> {
  const out: Record<string, NetcdfValue> = {};
  const names = Object.keys(group.attrs);
  if (names.length > MAX_NODES)
    throw new HubError(METADATA_ERRORS.MALFORMED, 'invalid', `${what}: group ${group.path} has too many attributes`);
  for (const name of names) {
    let value: unknown;
    try {
      value = group.attrs[name]?.json_value;
    } catch {
      // Types with no plain-value form (references, opaque data) say nothing about the product: skipped.
      continue;
    }
    const plain = toNetcdfValue(value);
    if (plain !== undefined) out[name] = plain;
  }
  return out;
}

function toNetcdfValue(value: unknown): NetcdfValue | undefined {
  // Fixed-length HDF5 strings come back NUL-padded.
  if (typeof value === 'string') return value.replace(/\0+$/, '');
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) {
    const items = value.map(toNetcdfValue);
    return items.every((v) => v !== undefined) ? items.filter((v) => v !== undefined) : undefined;
  }
  return undefined;
}

/**
 * Builds the same tree from a JSON rendering of a netCDF header (attributes as scalars or arrays,
 * groups as objects), as data providers publish next to or instead of the file.
 */
export function netcdfGroupFromJson(json: Record<string, unknown>, depth = 0): NetcdfGroup {
  const node: NetcdfGroup = { attributes: {}, groups: {} };
  if (depth > 64) return node;
  for (const [key, value] of Object.entries(json)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      node.groups[key] = netcdfGroupFromJson(Object.fromEntries(Object.entries(value)), depth + 1);
    } else {
      const plain = toNetcdfValue(value);
      if (plain !== undefined) node.attributes[key] = plain;
    }
  }
  return node;
}

/** The group at a '/'-separated path, or undefined. */
export function netcdfGroupAt(root: NetcdfGroup | undefined, path: string): NetcdfGroup | undefined {
  let node: NetcdfGroup | undefined = root;
  for (const part of path.split('/').filter((p) => p !== '')) node = node?.groups[part];
  return node;
}

/** An attribute as text: 1-element arrays unwrapped, numbers printed, blanks and NULs treated as absent. */
export function netcdfText(group: NetcdfGroup | undefined, name: string): string | undefined {
  let v = group?.attributes[name];
  if (Array.isArray(v) && v.length === 1) v = v[0];
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.replace(/\0/g, '').trim();
  return t === '' ? undefined : t;
}

/** An attribute as an integer (some producers write numbers as text). */
export function netcdfInteger(group: NetcdfGroup | undefined, name: string): number | undefined {
  const t = netcdfText(group, name);
  return t !== undefined && /^[+-]?\d+$/.test(t) ? Number(t) : undefined;
}

/** A numeric attribute; fill values (|v| ≥ 1e30) count as absent. */
export function netcdfNumber(group: NetcdfGroup | undefined, name: string): number | undefined {
  const t = netcdfText(group, name);
  const v = t === undefined ? Number.NaN : Number(t);
  return Number.isFinite(v) && Math.abs(v) < 1e30 ? v : undefined;
}

/** Every value of attributes with that name anywhere below `group`, depth-first. */
export function netcdfFindAll(group: NetcdfGroup | undefined, name: string): string[] {
  if (group === undefined) return [];
  const own = netcdfText(group, name);
  return [...(own === undefined ? [] : [own]), ...Object.values(group.groups).flatMap((g) => netcdfFindAll(g, name))];
}
