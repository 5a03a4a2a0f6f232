import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ORBIT_MODELS, anxTimeMs, orbitAt, stateVector } from './orbits.ts';
import type { Random } from './random.ts';
import { compactUtc, fixed, isoUtc, temporaryPath, type DemoProduct } from './product-files.ts';

/**
 * Sentinel-1 orbit files (`.EOF`, Earth Explorer format) as the POD service publishes them, modelled on
 * S1A_OPER_AUX_RESORB_OPOD_20230823T162050_V20230823T123139_20230823T154909: precise orbits (POEORB,
 * 26 h around a day, published ~3 weeks later) and restituted ones (RESORB, ~3 h, published within
 * the hour). Real files list a state vector every 10 s; these list one every 60 s (RESORB) or 300 s
 * (POEORB) from the demo's orbit model, which keeps 30 files under 10 MB while the header, the vector
 * layout and the List_of_OSVs count stay exactly as in a real file.
 */

export interface OrbitFilePlan {
  name: string;
  platform: 'S1A' | 'S1C';
  type: 'AUX_POEORB' | 'AUX_RESORB';
  validityStartMs: number;
  validityStopMs: number;
  creationMs: number;
  stepS: number;
}

const S1C_FIRST_MS = Date.parse('2025-03-27T00:00:00Z');

export function planOrbitFile(rng: Random, dayMs: number): OrbitFilePlan {
  const platform = dayMs >= S1C_FIRST_MS && rng.chance(0.5) ? 'S1C' : 'S1A';
  const precise = rng.chance(0.5);
  const fraction = rng.int(0, 999);
  let validityStartMs: number;
  let validityStopMs: number;
  let creationMs: number;
  if (precise) {
    validityStartMs = dayMs - 3_618_000;
    validityStopMs = dayMs + 86_400_000 + 3_582_000;
    creationMs = dayMs + 20 * 86_400_000 + rng.int(6 * 3600, 8 * 3600) * 1000;
  } else {
    validityStartMs = dayMs + rng.int(0, 20 * 3600) * 1000;
    validityStopMs = validityStartMs + 11_850_000;
    creationMs = validityStopMs + rng.int(25 * 60, 45 * 60) * 1000;
  }
  const type = precise ? 'AUX_POEORB' : 'AUX_RESORB';
  return {
    name: `${platform}_OPER_${type}_OPOD_${compactUtc(creationMs)}_V${compactUtc(validityStartMs)}_${compactUtc(validityStopMs)}.EOF`,
    platform,
    type,
    validityStartMs: validityStartMs + fraction,
    validityStopMs: validityStopMs + fraction,
    creationMs,
    stepS: precise ? 300 : 60,
  };
}

export async function writeOrbitFile(outDir: string, plan: OrbitFilePlan): Promise<DemoProduct> {
  const model = ORBIT_MODELS[plan.platform];
  const vectors: string[] = [];
  for (let t = plan.validityStartMs; t <= plan.validityStopMs; t += plan.stepS * 1000) {
    const orbit = orbitAt(model, t);
    const { position, velocity } = stateVector(model, orbit, (t - anxTimeMs(model, orbit)) / 1000);
    const [x, y, z] = position.map((v) => fixed(v, 6));
    const [vx, vy, vz] = velocity.map((v) => fixed(v, 6));
    vectors.push(`      <OSV>
        <TAI>TAI=${isoUtc(t + 37_000, 6, false)}</TAI>
        <UTC>UTC=${isoUtc(t, 6, false)}</UTC>
        <UT1>UT1=${isoUtc(t - 3, 6, false)}</UT1>
        <Absolute_Orbit>+${orbit}</Absolute_Orbit>
        <X unit="m">${x}</X>
        <Y unit="m">${y}</Y>
        <Z unit="m">${z}</Z>
        <VX unit="m/s">${vx}</VX>
        <VY unit="m/s">${vy}</VY>
        <VZ unit="m/s">${vz}</VZ>
        <Quality>NOMINAL</Quality>
      </OSV>`);
  }
  const precise = plan.type === 'AUX_POEORB';
  const content = `<?xml version="1.0" encoding="UTF-8" standalone="no" ?>
<Earth_Explorer_File>

  <Earth_Explorer_Header>
    <Fixed_Header>
      <File_Name>${plan.name.replace(/\.EOF$/, '')}</File_Name>
      <File_Description>${precise ? 'Precise Orbit Ephemerides (POE) Orbit File' : 'NRT POD Restituted Orbit File'}</File_Description>
      <Notes></Notes>
      <Mission>Sentinel-1${plan.platform.slice(2)}</Mission>
      <File_Class>OPER</File_Class>
      <File_Type>${plan.type}</File_Type>
      <Validity_Period>
        <Validity_Start>UTC=${isoUtc(plan.validityStartMs, 0, false)}</Validity_Start>
        <Validity_Stop>UTC=${isoUtc(plan.validityStopMs, 0, false)}</Validity_Stop>
      </Validity_Period>
      <File_Version>0001</File_Version>
      <Source>
        <System>OPOD</System>
        <Creator>OPOD</Creator>
        <Creator_Version>3.4.0</Creator_Version>
        <Creation_Date>UTC=${isoUtc(plan.creationMs, 0, false)}</Creation_Date>
      </Source>
    </Fixed_Header>
    <Variable_Header>
      <Ref_Frame>EARTH_FIXED</Ref_Frame>
      <Time_Reference>UTC</Time_Reference>
    </Variable_Header>
  </Earth_Explorer_Header>

  <Data_Block type="xml">
    <List_of_OSVs count="${vectors.length}">
${vectors.join('\n')}
    </List_of_OSVs>
  </Data_Block>

</Earth_Explorer_File>
`;
  const temp = temporaryPath(outDir, plan.name);
  await rm(temp, { force: true });
  await writeFile(temp, content);
  await rename(temp, join(outDir, plan.name));
  return {
    name: plan.name,
    mission: 'SENTINEL-1',
    productType: plan.type,
    platform: plan.platform,
    sensingStart: isoUtc(plan.validityStartMs, 0),
    sensingEnd: isoUtc(plan.validityStopMs, 0),
    orbitNumber: orbitAt(model, plan.validityStartMs),
    footprint: null,
  };
}
