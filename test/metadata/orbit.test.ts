import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { METADATA_ERRORS } from '../../src/metadata/errors.ts';
import { orbitExtractor } from '../../src/metadata/orbit.ts';
import { openFolderSource } from '../../src/metadata/product-source.ts';
import { sentinel1Extractor } from '../../src/metadata/sentinel1.ts';
import { sentinel2Extractor } from '../../src/metadata/sentinel2.ts';
import type { ProductSource } from '../../src/metadata/types.ts';
import { sample } from '../support/samples.ts';

const EOF_ID = 'S1A_OPER_AUX_RESORB_OPOD_20230823T162050_V20230823T123139_20230823T154909';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'eohub-eof-'));
  temps.push(dir);
  return dir;
}

/** A single-file product, opened as the ingest pipeline does: in a folder of its own, under its file name. */
async function openFile(name: string, content: Buffer | string): Promise<ProductSource> {
  const dir = await tempDir();
  await writeFile(join(dir, name), content);
  return openFolderSource(dir, name);
}

async function openSampleEof(): Promise<ProductSource> {
  const dir = await tempDir();
  const path = sample(EOF_ID).productPath;
  await copyFile(path, join(dir, basename(path)));
  return openFolderSource(dir, basename(path));
}

async function sampleText(): Promise<string> {
  return (await readFile(sample(EOF_ID).productPath)).toString('utf8');
}

describe('orbitExtractor', () => {
  it('reads validity, type and platform of a Sentinel-1 restituted orbit file', async () => {
    const source = await openSampleEof();
    expect(orbitExtractor.matches(source)).toBe(true);
    expect(sentinel1Extractor.matches(source)).toBe(false);
    expect(sentinel2Extractor.matches(source)).toBe(false);
    const m = await orbitExtractor.extract(source);
    expect(m.name).toBe(`${EOF_ID}.EOF`);
    expect(m.collection).toBe('SENTINEL-1');
    expect(m.footprint).toBeNull();
    expect(m.sensingStart?.slice(0, 19)).toBe('2023-08-23T12:31:39');
    expect(m.sensingEnd?.slice(0, 19)).toBe('2023-08-23T15:49:09');
    expect(m.layout).toEqual({ mission: 'Sentinel-1', instrument: 'AUX', productType: 'AUX_RESORB' });
    expect(m.attributes).toMatchObject({
      productType: { type: 'String', value: 'AUX_RESORB' },
      platformShortName: { type: 'String', value: 'SENTINEL-1' },
      platformSerialIdentifier: { type: 'String', value: 'A' },
      processingCenter: { type: 'String', value: 'OPOD' },
      processorVersion: { type: 'String', value: '3.4.0' },
      processingDate: { type: 'DateTimeOffset', value: '2023-08-23T16:20:50.000000Z' },
    });
    expect(m.attributes['orbitNumber']).toBeUndefined();
    expect(m.warnings).toEqual([]);
  });

  it('files a Sentinel-2 orbit file under SENTINEL-2 and a constellation-wide one without a serial', async () => {
    const text = await sampleText();
    const s2 = await orbitExtractor.extract(
      await openFile('S2B_OPER_AUX_RESORB_X.EOF', text.replace('<Mission>Sentinel-1A</Mission>', '<Mission>Sentinel-2B</Mission>')),
    );
    expect(s2.collection).toBe('SENTINEL-2');
    expect(s2.layout.mission).toBe('Sentinel-2');
    expect(s2.attributes['platformSerialIdentifier']?.value).toBe('B');
    const all = await orbitExtractor.extract(
      await openFile('S3__OPER_X.EOF', text.replace('<Mission>Sentinel-1A</Mission>', '<Mission>Sentinel-3</Mission>')),
    );
    expect(all.collection).toBe('SENTINEL-3');
    expect(all.attributes['platformSerialIdentifier']).toBeUndefined();
  });

  it('leaves the end open for a file valid until further notice', async () => {
    const text = (await sampleText()).replace('UTC=2023-08-23T15:49:09', 'UTC=9999-99-99T99:99:99');
    const m = await orbitExtractor.extract(await openFile('S1A_OPER_AUX_X.EOF', text));
    expect(m.sensingEnd).toBeNull();
    expect(m.attributes['endingDateTime']).toBeUndefined();
  });

  it('does not claim SAFE products, even ones carrying an EOF', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'X.SAFE'));
    await writeFile(join(dir, 'X.SAFE', 'manifest.safe'), '<XFDU/>');
    await writeFile(join(dir, 'X.SAFE', 'orbit.EOF'), '<Earth_Explorer_File/>');
    expect(orbitExtractor.matches(await openFolderSource(join(dir, 'X.SAFE'), 'X.SAFE'))).toBe(false);
  });

  it('rejects an orbit file declaring a DOCTYPE ENTITY with UNSAFE_XML', async () => {
    const text = (await sampleText()).replace(
      '<Earth_Explorer_File>',
      '<!DOCTYPE Earth_Explorer_File [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Earth_Explorer_File>',
    );
    await expect(orbitExtractor.extract(await openFile('S1A_X.EOF', text))).rejects.toMatchObject({ code: METADATA_ERRORS.UNSAFE_XML });
  });

  it('rejects an EOF without validity period as malformed', async () => {
    const text = (await sampleText()).replace(/<Validity_Period>[\s\S]*?<\/Validity_Period>/, '');
    await expect(orbitExtractor.extract(await openFile('S1A_X.EOF', text))).rejects.toMatchObject({ code: METADATA_ERRORS.MALFORMED });
  });
});
