/**
 * `q` read from the raw query string: sentinelsat percent-encodes it as latin-1 bytes (`õ` → `%F5`,
 * reference/dhus-sentinelsat.md §2.3), which is not UTF-8. UTF-8 is tried first (browsers, curl), then
 * ISO-8859-1, so that neither is refused. `+` is a space (application/x-www-form-urlencoded).
 */
export function rawQueryParam(rawUrl: string, name: string): string | undefined {
  const query = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '';
  let found: string | undefined;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (key === name) found = eq < 0 ? '' : part.slice(eq + 1);
  }
  if (found === undefined) return undefined;
  const text = found.replaceAll('+', ' ');
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}
