import { t, type Lang } from './i18n.ts';

/** A longitude or latitude with its hemisphere, as maps label them: 24.8° W, 75.6° N. */
function degrees(value: number, positive: string, negative: string): string {
  const rounded = Math.abs(value).toFixed(1);
  return rounded === '0.0' ? '0°' : `${rounded}° ${value < 0 ? negative : positive}`;
}

/** A collection's spatial extent (STAC `[west, south, east, north]`) for people: "24.8° W – 47.8° E, 34.9° N – 75.6° N". */
export function formatBbox(bbox: readonly number[], lang: Lang): string {
  const [w, s, e, n] = bbox;
  if (w === undefined || s === undefined || e === undefined || n === undefined) return '—';
  if (w <= -180 && e >= 180 && s <= -90 && n >= 90) return t(lang, 'wholeEarth');
  return `${degrees(w, 'E', 'W')} – ${degrees(e, 'E', 'W')}, ${degrees(s, 'N', 'S')} – ${degrees(n, 'N', 'S')}`;
}

/** A temporal extent (an interval whose ends may be open, STAC collection spec) as dates. */
export function formatInterval(interval: readonly (string | null | undefined)[], lang: Lang): string {
  const [start, end] = interval.map((v) => (v ? v.slice(0, 10) : null));
  if (start && end) return `${start} – ${end}`;
  if (start) return t(lang, 'since', { date: start });
  if (end) return t(lang, 'until', { date: end });
  return '—';
}
