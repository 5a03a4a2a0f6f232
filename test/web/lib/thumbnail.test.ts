import { describe, expect, it } from 'vitest';
import { thumbnailOf } from '../../../web/src/lib/thumbnail.ts';

describe("the portal's quicklook of an item", () => {
  it('is the thumbnail asset when the item has one', () => {
    const assets = { thumbnail: { href: '/ql.jpg', type: 'image/jpeg', roles: ['thumbnail'] }, B04: { href: '/b04.jp2', roles: ['data'] } };
    expect(thumbnailOf({ assets })).toBe('/ql.jpg');
  });

  it("is the image among a Sentinel-1 SAFE's previews, not its KML overlay or HTML page", () => {
    const preview = (name: string, type: string) => ({ href: `/preview/${name}`, type, roles: ['thumbnail', 'overview'] });
    const assets = {
      'map-overlay.kml': preview('map-overlay.kml', 'application/vnd.google-earth.kml+xml'),
      'product-preview.html': preview('product-preview.html', 'text/html'),
      'quick-look.png': preview('quick-look.png', 'image/png'),
    };
    expect(thumbnailOf({ assets })).toBe('/preview/quick-look.png');
  });

  it('is none when no asset is an image to show', () => {
    expect(thumbnailOf({ assets: { 'map-overlay.kml': { href: '/o.kml', type: 'application/vnd.google-earth.kml+xml', roles: ['thumbnail'] } } })).toBeNull();
  });
});
