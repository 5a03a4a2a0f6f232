import { describe, expect, it } from 'vitest';
import { footprintGml, footprintWkt, odataV2Date, sizeText, titleOf, xmlEscape } from '../../src/dhus/index.ts';

describe('DHuS value formats', () => {
  it('writes sizes in binary units with two decimals, as get_products_size reads them', () => {
    expect(sizeText(115_802_726)).toBe('110.44 MB');
    expect(sizeText(3 * 1024 ** 3)).toBe('3.00 GB');
    expect(sizeText(2048)).toBe('2.00 KB');
    expect(sizeText(100)).toBe('0.10 KB');
  });

  it('strips the product extension for the identifier', () => {
    expect(titleOf('S2B_MSIL1C_20181219T142029_N0207_R010_T20MQS_20181219T155325.SAFE')).toBe('S2B_MSIL1C_20181219T142029_N0207_R010_T20MQS_20181219T155325');
    expect(titleOf('S3A_OL_2_LFR____20160922T014626_20160922T014926_20170930T150000_0179_009_074______MAR_R_NT_002.SEN3')).toMatch(/_002$/);
    expect(titleOf('S5P_NRTI_L2__CO_____20210326T030109.nc')).toBe('S5P_NRTI_L2__CO_____20210326T030109');
  });

  it('writes OData 2 dates as /Date(ms)/', () => {
    expect(odataV2Date('2016-09-22T01:55:00.563Z')).toBe('/Date(1474509300563)/');
    expect(odataV2Date(null)).toBeNull();
  });

  it('writes footprints as WKT in lon lat and GML 2 in lat,lon', () => {
    const f = {
      type: 'MultiPolygon' as const,
      coordinates: [
        [
          [
            [10, 50],
            [11, 50],
            [11, 51],
            [10, 50],
          ],
        ],
      ],
    };
    expect(footprintWkt(f)).toBe('POLYGON ((10 50, 11 50, 11 51, 10 50))');
    expect(footprintGml(f)).toContain('<gml:coordinates>50,10 50,11 51,11 50,10</gml:coordinates>');
    expect(footprintGml({ type: 'Point', coordinates: [10, 50] })).toContain('<gml:coordinates>50,10</gml:coordinates>');
    expect(footprintWkt(null)).toBeNull();
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(xmlEscape('a<b>&"\'\u0000\u0007c')).toBe('a&lt;b&gt;&amp;&quot;&apos;c');
  });
});
