import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES_DIR } from './samples.ts';

/** What ../shared/samples/README.md says a correct extractor returns for one product. */
export interface SampleExpectation {
  id: string;
  platform: string;
  footprint: boolean | 'stac-only';
  sensingStart?: string;
  sensingEnd?: string;
  orbit?: number;
  relativeOrbit?: number;
  cloudCover?: number;
  tileId?: string;
}

/**
 * Reads the expectations straight from the samples' README tables, so the tests check exactly what
 * the corpus documents (columns: #, folder, type, platform, files, size, footprint, sensing, orbit,
 * cloud, tile, ...).
 */
export function readSampleExpectations(): Map<string, SampleExpectation> {
  const text = readFileSync(join(SAMPLES_DIR, 'README.md'), 'utf8');
  const out = new Map<string, SampleExpectation>();
  for (const line of text.split('\n')) {
    if (!/^\| \d+ \| `/.test(line)) continue;
    const cells = line.split('|').map((c) => c.trim());
    // cells[0] is empty (leading pipe)
    const id = (cells[2] ?? '').replaceAll('`', '');
    const platform = cells[4] ?? '';
    const footprintCell = cells[7] ?? '';
    const sensing = (cells[8] ?? '')
      .replace(/<br>/g, ' ')
      .replace(/\(validity\)/, '')
      .trim();
    const orbitCell = cells[9] ?? '';
    const cloudCell = cells[10] ?? '';
    const tileCell = cells[11] ?? '';
    const e: SampleExpectation = {
      id,
      platform,
      footprint: footprintCell === 'yes' ? true : footprintCell === 'no' ? false : 'stac-only',
    };
    const times = sensing.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/g) ?? [];
    if (times[0]) e.sensingStart = `${times[0]}Z`;
    if (times[1]) e.sensingEnd = `${times[1]}Z`;
    const abs = /^(\d+)/.exec(orbitCell);
    if (abs) e.orbit = Number(abs[1]);
    const rel = /R(\d+)/.exec(orbitCell);
    if (rel) e.relativeOrbit = Number(rel[1]);
    if (/^\d/.test(cloudCell)) e.cloudCover = Number(cloudCell);
    if (/^T\w+/.test(tileCell)) e.tileId = tileCell.slice(1);
    out.set(id, e);
  }
  return out;
}
