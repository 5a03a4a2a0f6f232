/**
 * The FeatureCollection's `links` (reference/cdse.md §2): self, search (describe.xml), and previous,
 * first, next, last as page numbers over the same query; `last` only when totalResults is exact.
 */
import type { RawRestoQuery, RestoSearch } from '../../query/index.ts';

export interface PageLinksInput {
  readonly root: string;
  readonly raw: RawRestoQuery;
  readonly search: RestoSearch;
  readonly hasMore: boolean;
  readonly totalResults: number | null;
  /** totalResults is a count, not the planner's estimate. */
  readonly exact: boolean;
}

function withPage(root: string, raw: RawRestoQuery, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'page' || v === undefined) continue;
    for (const one of typeof v === 'string' ? [v] : v) params.append(k, one);
  }
  params.append('page', String(page));
  return `${root}/search.json?${params.toString()}`;
}

export function pageLinks(input: PageLinksInput): Record<string, string>[] {
  const { root, raw, search } = input;
  const link = (rel: string, page: number, title: string): Record<string, string> => ({
    rel,
    type: 'application/json',
    title,
    href: withPage(root, raw, page),
  });
  const out = [
    link('self', search.page, 'self'),
    {
      rel: 'search',
      type: 'application/opensearchdescription+xml',
      title: 'OpenSearch Description Document',
      href: `${root}/describe.xml`,
    },
  ];
  if (search.page > 1) out.push(link('previous', search.page - 1, 'previous'), link('first', 1, 'first'));
  if (input.hasMore) out.push(link('next', search.page + 1, 'next'));
  if (input.exact && input.totalResults !== null) {
    const last = Math.max(1, Math.ceil((input.totalResults - (search.index - 1)) / search.maxRecords));
    out.push(link('last', last, 'last'));
  }
  return out;
}
