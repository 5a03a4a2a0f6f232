import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildDownloadScript, buildMetalink, metalinkHash, type BasketEntry } from '../../../web/src/lib/basket.ts';

const run = promisify(execFile);

const entries: BasketEntry[] = [
  {
    name: "S2A_MSIL2A_it's.SAFE",
    url: 'http://hub.example/odata/v1/Products(a)/$value',
    sizeBytes: 1234,
    hashes: { md5: 'ab'.repeat(16) },
  },
  { name: 'S1A_IW_GRDH.SAFE', url: 'http://hub.example/odata/v1/Products(b)/$value' },
];

describe('the basket download script', () => {
  const script = buildDownloadScript(entries, 'http://hub.example/auth/realms/eohub/protocol/openid-connect/token', 'alice');

  it('is a valid POSIX shell script (sh -n), with names quoted safely', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eohub-basket-'));
    await writeFile(join(dir, 'get.sh'), script);
    await expect(run('sh', ['-n', join(dir, 'get.sh')])).resolves.toBeDefined();
    expect(script).toContain(`-o 'S2A_MSIL2A_it'\\''s.SAFE.zip'`);
  });

  it('gets a token with the password grant and sends it with every resumable download', () => {
    expect(script).toContain('grant_type=password');
    expect(script).toContain('client_id=cdse-public');
    expect(script.match(/curl -fL -C - -H "Authorization: Bearer \$TOKEN"/g)).toHaveLength(2);
  });
});

describe('the basket Metalink file', () => {
  it('lists every product with its URL, and size and hash where known (RFC 5854)', () => {
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'file' }).parse(buildMetalink(entries)) as {
      metalink: {
        '@_xmlns': string;
        file: { '@_name': string; size?: number; url: string; hash?: { '#text': string; '@_type': string } }[];
      };
    };
    expect(doc.metalink['@_xmlns']).toBe('urn:ietf:params:xml:ns:metalink');
    expect(doc.metalink.file.map((f) => f['@_name'])).toEqual(["S2A_MSIL2A_it's.SAFE.zip", 'S1A_IW_GRDH.SAFE.zip']);
    expect(doc.metalink.file[0]).toMatchObject({ size: 1234, url: entries[0]?.url, hash: { '#text': 'ab'.repeat(16), '@_type': 'md5' } });
    expect(doc.metalink.file[1]?.hash).toBeUndefined();
  });

  it('names MD5 and SHA-256 multihashes as Metalink does, and leaves out BLAKE3, which Metalink has no name for', () => {
    expect(metalinkHash(`d510${'a'.repeat(32)}`)).toEqual({ md5: 'a'.repeat(32) });
    expect(metalinkHash(`1220${'b'.repeat(64)}`)).toEqual({ 'sha-256': 'b'.repeat(64) });
    expect(metalinkHash(`1e20${'c'.repeat(64)}`)).toEqual({});
  });
});
