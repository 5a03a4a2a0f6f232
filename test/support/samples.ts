import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `../shared` beside the project, or EOHUB_SHARED_DIR. Tests read it in place and never copy it. */
export const SHARED_DIR = resolve(process.env['EOHUB_SHARED_DIR'] ?? join(import.meta.dirname, '..', '..', '..', 'shared'));
export const SAMPLES_DIR = join(SHARED_DIR, 'samples');

/**
 * One sample of each packaging: a SAFE holding only its manifest (packaged as that file), a zipped SAFE,
 * a SEN3 folder, a one-file netCDF, an orbit file.
 */
export const ONE_OF_EACH_PACKAGING = [
  'S2A_MSIL1C_20210403T101021',
  'S1A_IW_GRDH_1SDV_20210809T173953',
  'S3A_SL_2_FRP____20210802T000420',
  'S5P_NRTI_L2__CO_____20210326T030109',
  'S1A_OPER_AUX_RESORB_OPOD_20230823T162050',
] as const;

export interface Sample {
  mission: string;
  /** The sample's folder name (the product name without extension). */
  id: string;
  /** The folder holding SOURCE.txt and the product. */
  dir: string;
  /** The product itself: its folder, zip or single file; for STAC-only samples the STAC item JSON. */
  productPath: string;
}

const SIDE_FILES = new Set(['SOURCE.txt', 'stac-item.stactools.json']);

/** Every product in ../shared/samples. */
export function listSamples(): Sample[] {
  const out: Sample[] = [];
  for (const mission of readdirSync(SAMPLES_DIR).sort()) {
    const missionDir = join(SAMPLES_DIR, mission);
    if (!statSync(missionDir).isDirectory()) continue;
    for (const id of readdirSync(missionDir).sort()) {
      const dir = join(missionDir, id);
      const entries = readdirSync(dir).filter((e) => !SIDE_FILES.has(e));
      const productPath = entries.length === 1 ? join(dir, entries[0] as string) : join(dir, 'stac-item.stactools.json');
      out.push({ mission, id, dir, productPath });
    }
  }
  return out;
}

export function sample(id: string): Sample {
  const found = listSamples().find((s) => s.id === id || s.id.startsWith(id));
  if (!found) throw new Error(`no sample ${id} in ${SAMPLES_DIR}`);
  return found;
}
