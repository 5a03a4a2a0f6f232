import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInputs } from '../../src/ingest/index.ts';
import { listSamples, SAMPLES_DIR } from '../support/samples.ts';

describe('finding products in what the user names', () => {
  it('finds exactly the sample products in the whole samples folder, passing over provenance notes and STAC items beside them', async () => {
    const { candidates, skipped } = await resolveInputs([SAMPLES_DIR]);
    expect(candidates.map((c) => c.path).sort()).toEqual(
      listSamples()
        .map((s) => s.productPath)
        .sort(),
    );
    expect(skipped.some((s) => s.path.endsWith('README.md'))).toBe(true);
    expect(
      skipped.filter((s) => s.path.endsWith('stac-item.stactools.json')).every((s) => s.reason === 'describes the product beside it'),
    ).toBe(true);
  });

  it('takes a named product folder, zip or file as it is', async () => {
    const [folder, zip] = [
      listSamples().find((s) => s.productPath.endsWith('.SAFE')),
      listSamples().find((s) => s.productPath.endsWith('.zip')),
    ];
    const { candidates } = await resolveInputs([folder?.productPath ?? '', zip?.productPath ?? '']);
    expect(candidates.map((c) => c.kind)).toEqual(['folder', 'zip']);
  });

  it('answers a path that does not exist with not_found', async () => {
    await expect(resolveInputs(['/no/such/product.SAFE'])).rejects.toMatchObject({ code: 'INGEST_INPUT_NOT_FOUND', kind: 'not_found' });
  });

  it('reports an empty folder instead of doing nothing silently', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eohub-empty-'));
    await mkdir(join(dir, 'nothing-here'));
    await writeFile(join(dir, 'notes.md'), 'hello');
    const { candidates, skipped } = await resolveInputs([join(dir, 'nothing-here'), dir]);
    expect(candidates).toEqual([]);
    expect(skipped.map((s) => s.reason)).toContain('empty folder');
  });
});
