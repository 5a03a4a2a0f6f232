import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, decodeSearchState, encodeSearchState, type SearchState } from '../../../web/src/lib/search-state.ts';

const full: SearchState = {
  aoi: [
    [
      [-10.5, 35.25],
      [30, 35.25],
      [30, 60.123456],
      [-10.5, 60.123456],
      [-10.5, 35.25],
    ],
  ],
  from: '2025-04-01',
  to: '2025-04-30',
  collections: ['SENTINEL-1'],
  productType: 'IW_GRDH_1S',
  maxCloud: 30,
  orbitDirection: 'descending',
  relativeOrbit: 117,
  text: 'T33TUM',
  sortBy: 'eo:cloud_cover',
  sortDesc: false,
  page: 3,
  token: 'n.abc',
  open: { collection: 'SENTINEL-1', id: 'S1A_IW_GRDH_1SDV_20250401.SAFE' },
  lang: 'fr',
  view: 'search',
};

describe('the search state in the URL', () => {
  it('leaves the query string empty for the default search', () => {
    expect(encodeSearchState(DEFAULT_STATE)).toBe('');
    expect(decodeSearchState('')).toEqual(DEFAULT_STATE);
  });

  it('round-trips every field, rounding the area to 1e-5 degrees', () => {
    const back = decodeSearchState(encodeSearchState(full));
    expect(back).toEqual({
      ...full,
      aoi: [
        [
          [-10.5, 35.25],
          [30, 35.25],
          [30, 60.12346],
          [-10.5, 60.12346],
          [-10.5, 35.25],
        ],
      ],
    });
  });

  it('keeps the area and sorting readable in the URL', () => {
    expect(encodeSearchState({ ...DEFAULT_STATE, aoi: full.aoi, sortBy: 'eo:cloud_cover' })).toBe(
      'aoi=-10.5,35.25;30,35.25;30,60.12346;-10.5,60.12346;-10.5,35.25&sort=-eo:cloud_cover',
    );
  });

  it('round-trips the collections catalogue view', () => {
    expect(decodeSearchState(encodeSearchState({ ...DEFAULT_STATE, view: 'catalogue' })).view).toBe('catalogue');
  });

  it('falls back to the defaults for malformed values instead of failing', () => {
    const s = decodeSearchState('aoi=1,2;3&from=yesterday&cloud=140&orbit=sideways&relorbit=-4&sort=name&page=x&open=nope');
    expect(s).toEqual(DEFAULT_STATE);
  });

  it('keeps a page number only with the paging token that reaches it', () => {
    expect(decodeSearchState('page=4').page).toBe(1);
    expect(decodeSearchState('page=4&token=n.xyz')).toMatchObject({ page: 4, token: 'n.xyz' });
  });
});
