import { toIsoUtc } from './geometry.ts';
import { findFiles } from './product-source.ts';
import { malformed } from './safe-manifest.ts';
import type { AttributeValue, Extractor, ProductSource } from './types.ts';
import { parseXml, xmlFind, xmlFirstText } from './xml.ts';

/**
 * Earth Explorer files (`.EOF`): Sentinel-1/2/3 orbit and other auxiliary files, e.g.
 * `S1A_OPER_AUX_RESORB_OPOD_…EOF`. Their Fixed_Header (Earth Explorer Ground Segment File Format Standard,
 * PE-TN-ESA-GS-0001) gives type, mission, validity and creator; they have no footprint (CDSE shows
 * none for AUX products either).
 */
export const orbitExtractor: Extractor = {
  id: 'earth-explorer-file',

  matches(source) {
    // One EOF on its own, or in a folder: SAFE / SEN3 products are other extractors' even if they hold one.
    return findEof(source) !== undefined && !source.files.some((f) => /(^|\/)(manifest\.safe|xfdumanifest\.xml)$/.test(f.path));
  },

  async extract(source) {
    const path = findEof(source);
    if (path === undefined) throw malformed('the product has no .EOF file');
    const header = xmlFind(parseXml(headerOf(await source.readFile(path)), path), 'Fixed_Header')[0];
    if (header === undefined) throw malformed(`${path} is not an Earth Explorer file (no Fixed_Header)`);
    const fileName = xmlFirstText(header, 'File_Name');
    const fileType = xmlFirstText(header, 'File_Type');
    const validityStart = xmlFirstText(header, 'Validity_Start');
    const validityStop = xmlFirstText(header, 'Validity_Stop');
    const missionText = xmlFirstText(header, 'Mission');
    if (fileName === undefined || fileType === undefined || validityStart === undefined || validityStop === undefined) {
      throw malformed(`${path} lacks File_Name, File_Type or Validity_Period in its Fixed_Header`);
    }
    const mission = missionOf(missionText ?? fileName);
    if (mission === undefined) throw malformed(`${path}: mission ${missionText ?? '(none)'} is not a Sentinel`);
    // "UTC=9999-99-99T99:99:99" means "valid until further notice" in that standard.
    const sensingStart = toIsoUtc(validityStart);
    const sensingEnd = /9999-99-99/.test(validityStop) ? null : toIsoUtc(validityStop);

    const attributes: Record<string, AttributeValue> = {
      productType: { type: 'String', value: fileType },
      platformShortName: { type: 'String', value: `SENTINEL-${mission.number}` },
      beginningDateTime: { type: 'DateTimeOffset', value: sensingStart },
    };
    if (mission.serial !== undefined) attributes['platformSerialIdentifier'] = { type: 'String', value: mission.serial };
    if (sensingEnd !== null) attributes['endingDateTime'] = { type: 'DateTimeOffset', value: sensingEnd };
    const strings: [string, string | undefined][] = [
      ['processingCenter', xmlFirstText(header, 'System')],
      ['processorName', xmlFirstText(header, 'Creator')],
      ['processorVersion', xmlFirstText(header, 'Creator_Version')],
    ];
    for (const [name, value] of strings) if (value !== undefined) attributes[name] = { type: 'String', value };
    const created = xmlFirstText(header, 'Creation_Date');
    if (created !== undefined) attributes['processingDate'] = { type: 'DateTimeOffset', value: toIsoUtc(created) };

    return {
      collection: `SENTINEL-${mission.number}`,
      name: `${fileName.replace(/\.EOF$/i, '')}.EOF`,
      sensingStart,
      sensingEnd,
      footprint: null,
      attributes,
      layout: { mission: `Sentinel-${mission.number}`, instrument: 'AUX', productType: fileType },
      warnings: [],
    };
  },
};

function findEof(source: ProductSource): string | undefined {
  return findFiles(source, /\.EOF$/i)[0]?.path;
}

/**
 * `Sentinel-1A`, `Sentinel1B`, `Sentinel-3`, or a file name `S2B_OPER_…`. Files for the whole
 * constellation (`S1__…`, `Sentinel-1`) have no serial letter.
 */
function missionOf(text: string): { number: string; serial: string | undefined } | undefined {
  const m = /^(?:Sentinel-?([1-3])([A-D])?|S([1-3])([A-D_]))(?:\b|_)/i.exec(text.trim());
  if (!m) return undefined;
  const serial = (m[2] ?? m[4])?.toUpperCase();
  // One of the two alternatives matched, and each captures the number.
  return { number: (m[1] ?? m[3]) as string, serial: serial === '_' ? undefined : serial };
}

/**
 * Only the header is needed, and orbit files run to megabytes of state vectors, so the document is cut
 * after `</Earth_Explorer_Header>` and closed. The cut keeps everything before the root element, so a
 * DOCTYPE is still seen (and refused) by parseXml.
 */
function headerOf(buffer: Buffer): string {
  const text = buffer.toString('utf8');
  const end = text.indexOf('</Earth_Explorer_Header>');
  if (end < 0) return text;
  const root = /<(\w+:)?Earth_Explorer_File\b/.exec(text);
  const closing = root ? `</${root[1] ?? ''}Earth_Explorer_File>` : '';
  return `${text.slice(0, end + '</Earth_Explorer_Header>'.length)}${closing}`;
}
