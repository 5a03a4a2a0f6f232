import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFsStore, productPrefix } from '../../src/storage/index.ts';
import { describeBlobStore } from './blob-store-contract.ts';

const newStore = () => createFsStore('online', mkdtempSync(join(tmpdir(), 'eohub-store-')));

describeBlobStore('filesystem', async () => newStore());

describe('storage layout', () => {
  it('follows the CDSE S3 paths, dated by sensing start', () => {
    expect(
      productPrefix({ mission: 'Sentinel-2', instrument: 'MSI', productType: 'L2A' }, '2021-01-22T13:32:29Z', 'S2B_MSIL2A_X.SAFE'),
    ).toBe('Sentinel-2/MSI/L2A/2021/01/22/S2B_MSIL2A_X.SAFE');
  });

  it('cannot be steered out of its folder by metadata', () => {
    const prefix = productPrefix({ mission: '../..', instrument: 'a/b', productType: '.x' }, '2021-01-01T00:00:00Z', '..');
    const segments = prefix.split('/');
    expect(segments).toHaveLength(7);
    expect(segments.every((s) => s !== '' && !s.startsWith('.'))).toBe(true);
  });
});
