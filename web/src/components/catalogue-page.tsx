import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { searchItems, type StacCollection } from '../api.ts';
import { formatBbox, formatInterval } from '../lib/extent.ts';
import { thumbnailOf } from '../lib/thumbnail.ts';
import { t, type Lang } from '../lib/i18n.ts';

/** One sample quicklook of a collection: the thumbnail of its newest product. */
function SampleQuicklook({ collection }: { collection: string }): JSX.Element | null {
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    void searchItems({ limit: 1, collections: [collection], sortby: [{ field: 'datetime', direction: 'desc' }] }).then(
      (page) => setHref(page.items[0] ? thumbnailOf(page.items[0]) : null),
      () => setHref(null),
    );
  }, [collection]);
  return href ? <img src={href} alt="" width={96} height={96} loading="lazy" /> : <span class="no-thumb large" />;
}

const summaryText = (c: StacCollection, key: string): string => {
  const v = c.summaries?.[key];
  return Array.isArray(v) ? v.join(', ') : '';
};

export function CataloguePage(props: { lang: Lang; collections: StacCollection[]; onOpen(id: string): void }): JSX.Element {
  const { lang } = props;
  return (
    <section class="catalogue" data-testid="catalogue" aria-label={t(lang, 'catalogue')}>
      {props.collections.map((c) => {
        const bbox = c.extent.spatial.bbox[0] ?? [];
        const interval = c.extent.temporal.interval[0] ?? [];
        const licence = c.links.find((l) => l.rel === 'license');
        return (
          <article key={c.id} data-testid="collection-card">
            <SampleQuicklook collection={c.id} />
            <div>
              <h2>
                <button type="button" class="link" onClick={() => props.onOpen(c.id)} data-testid="open-collection" data-id={c.id}>
                  {c.title ?? c.id}
                </button>
              </h2>
              <p>{c.description}</p>
              <dl>
                <dt>{t(lang, 'instruments')}</dt>
                <dd>{[summaryText(c, 'constellation'), summaryText(c, 'instruments')].filter(Boolean).join(' / ') || '—'}</dd>
                <dt>{t(lang, 'license')}</dt>
                <dd>{licence ? <a href={licence.href}>{c.license}</a> : c.license}</dd>
                <dt>{t(lang, 'extent')}</dt>
                <dd>
                  {formatBbox(bbox, lang)}
                  <br />
                  {formatInterval(interval, lang)}
                </dd>
                <dt>{t(lang, 'products')}</dt>
                <dd data-testid="collection-count">{c['eohub:productCount'] ?? '?'}</dd>
              </dl>
            </div>
          </article>
        );
      })}
    </section>
  );
}
