/** What the quicklook choice reads of a STAC asset (api.ts's StacAsset has it). */
interface AssetLike {
  href: string;
  type?: string;
  roles?: string[];
}

/**
 * The item's quicklook image: the `thumbnail` asset, else the first thumbnail-role asset that is an image
 * (a Sentinel-1 SAFE's previews also hold a KML overlay and an HTML page, which an <img> cannot show).
 */
export function thumbnailOf(item: { assets: Record<string, AssetLike> }): string | null {
  const named = item.assets['thumbnail'];
  if (named && (named.type === undefined || named.type.startsWith('image/'))) return named.href;
  return Object.values(item.assets).find((a) => a.roles?.includes('thumbnail') && a.type?.startsWith('image/'))?.href ?? null;
}
