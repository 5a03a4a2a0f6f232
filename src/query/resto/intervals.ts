/**
 * resto's interval syntax for numeric parameters (reference/cdse.md §2, "Interval syntax"): `n` equal,
 * `{a,b,…}` any of, `[a,b]` `[a,b[` `]a,b]` `]a,b[` bounded, and the half-open `[a` `]a` `a]` `a[`
 * (x ≥ a, x > a, x ≤ a, x < a). CDSE's own example is `cloudCover=[0,10]`.
 */
import { and, ge, gt, inList, le, lt, eq } from '../builders.ts';
import type { AttributeRef, Filter } from '../filter.ts';

const NUMBER = '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?';
const BOUNDED = new RegExp(`^([\\[\\]])\\s*(${NUMBER})\\s*,\\s*(${NUMBER})\\s*([\\[\\]])$`);
const LOWER = new RegExp(`^([\\[\\]])\\s*(${NUMBER})$`);
const UPPER = new RegExp(`^(${NUMBER})\\s*([\\[\\]])$`);
const LIST = new RegExp(`^\\{\\s*(${NUMBER}(?:\\s*,\\s*${NUMBER})*)\\s*\\}$`);
const SINGLE = new RegExp(`^${NUMBER}$`);
const MAX_LIST = 100;

/** The filter on `field` for an interval text, or null when the text is not one (or, with `integer`, not of integers). */
export function parseInterval(text: string, field: AttributeRef, integer: boolean): Filter | null {
  const num = (s: string): number | null => {
    const n = Number(s);
    return Number.isFinite(n) && (!integer || Number.isSafeInteger(n)) ? n : null;
  };
  const t = text.trim();
  if (SINGLE.test(t)) {
    const n = num(t);
    return n === null ? null : eq(field, n);
  }
  let m = BOUNDED.exec(t);
  if (m) {
    const [, open, a, b, close] = m as unknown as [string, string, string, string, string]; // all groups participate
    const low = num(a);
    const high = num(b);
    if (low === null || high === null || low > high) return null;
    return and(open === '[' ? ge(field, low) : gt(field, low), close === ']' ? le(field, high) : lt(field, high));
  }
  m = LOWER.exec(t);
  if (m) {
    const n = num(m[2] as string);
    return n === null ? null : m[1] === '[' ? ge(field, n) : gt(field, n);
  }
  m = UPPER.exec(t);
  if (m) {
    const n = num(m[1] as string);
    return n === null ? null : m[2] === ']' ? le(field, n) : lt(field, n);
  }
  m = LIST.exec(t);
  if (m) {
    const values = (m[1] as string).split(',').map((s) => num(s.trim()));
    if (values.length > MAX_LIST || values.some((v) => v === null)) return null;
    return inList(field, values as number[]);
  }
  return null;
}
