/**
 * The URLs STAC documents link to, from one base URL (the API layer decides it: configured publicUrl,
 * else the request's forwarded host and protocol). Path segments are percent-encoded here, once.
 */
export interface StacUrls {
  /** The hub's base URL without a trailing slash, e.g. `https://hub.example.org`. */
  readonly base: string;
  root(): string;
  collection(id: string): string;
  items(collection: string): string;
  item(collection: string, id: string): string;
  search(): string;
  /** `<base>/odata/v1/Products(<id>)/$value`: the whole package (OData download, CDSE §3). */
  productDownload(productId: string): string;
  /** `<base>/odata/v1/Products(<id>)/Nodes(<name>)/Nodes(<seg>)/…/$value`: one file of the product. */
  fileDownload(productId: string, productName: string, path: string): string;
}

const seg = encodeURIComponent;

export function stacUrls(base: string): StacUrls {
  const b = base.replace(/\/+$/, '');
  const root = `${b}/stac`;
  return {
    base: b,
    root: () => root,
    collection: (id) => `${root}/collections/${seg(id)}`,
    items: (c) => `${root}/collections/${seg(c)}/items`,
    item: (c, id) => `${root}/collections/${seg(c)}/items/${seg(id)}`,
    search: () => `${root}/search`,
    productDownload: (id) => `${b}/odata/v1/Products(${seg(id)})/$value`,
    fileDownload: (id, name, path) =>
      `${b}/odata/v1/Products(${seg(id)})/Nodes(${seg(name)})${path
        .split('/')
        .map((s) => `/Nodes(${seg(s)})`)
        .join('')}/$value`,
  };
}
