/**
 * What the basket hands out: a shell script that downloads every product with curl and a bearer token
 * (the hub's token endpoint, as in the README), or a Metalink 4 file (RFC 5854) for download managers
 * (aria2c, DownThemAll) with each product's size and checksum so they verify what they fetched.
 */

export interface BasketEntry {
  name: string;
  url: string;
  sizeBytes?: number | undefined;
  /** Hex digests by algorithm name as Metalink spells it (`md5`, `sha-256`); BLAKE3 has no Metalink name. */
  hashes?: Record<string, string> | undefined;
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A POSIX shell script: asks for the password once, gets a token, downloads each product (resuming). */
export function buildDownloadScript(entries: readonly BasketEntry[], tokenUrl: string, username: string): string {
  const lines = [
    '#!/bin/sh',
    '# Downloads the products of an eohub basket. Needs curl and jq.',
    'set -eu',
    `USERNAME=\${EOHUB_USERNAME:-${shellQuote(username)}}`,
    'printf "Password for %s: " "$USERNAME" >&2; stty -echo 2>/dev/null || true; read -r PASSWORD; stty echo 2>/dev/null || true; echo >&2',
    `TOKEN=$(curl -sf -d grant_type=password -d client_id=cdse-public --data-urlencode "username=$USERNAME" --data-urlencode "password=$PASSWORD" ${shellQuote(tokenUrl)} | jq -r .access_token)`,
  ];
  for (const e of entries) {
    lines.push(`curl -fL -C - -H "Authorization: Bearer $TOKEN" -o ${shellQuote(`${e.name}.zip`)} ${shellQuote(e.url)}`);
  }
  return `${lines.join('\n')}\n`;
}

const xmlEscape = (s: string): string =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

/** A Metalink 4 document (RFC 5854) listing every product. */
export function buildMetalink(entries: readonly BasketEntry[], generator = 'eohub portal'): string {
  const files = entries.map((e) => {
    const parts = [`  <file name="${xmlEscape(`${e.name}.zip`)}">`];
    if (e.sizeBytes !== undefined) parts.push(`    <size>${e.sizeBytes}</size>`);
    for (const [type, hex] of Object.entries(e.hashes ?? {})) parts.push(`    <hash type="${xmlEscape(type)}">${xmlEscape(hex)}</hash>`);
    parts.push(`    <url>${xmlEscape(e.url)}</url>`, '  </file>');
    return parts.join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<metalink xmlns="urn:ietf:params:xml:ns:metalink">',
    `  <generator>${xmlEscape(generator)}</generator>`,
    ...files,
    '</metalink>',
    '',
  ].join('\n');
}

/** A multihash (hex, as STAC's file:checksum) as a Metalink hash, when Metalink has a name for its algorithm. */
export function metalinkHash(multihash: string): Record<string, string> {
  const code = multihash.slice(0, 2);
  const digest = multihash.slice(4);
  if (code === 'd5') return { md5: digest };
  if (code === '12') return { 'sha-256': digest };
  return {};
}
