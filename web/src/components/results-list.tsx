import type { JSX } from 'preact';
import type { StacItem } from '../api.ts';
import { thumbnailOf } from '../lib/thumbnail.ts';
import { t, type Lang } from '../lib/i18n.ts';

export type ResultsView =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'done'; items: StacItem[]; numberMatched: number | undefined; nextToken: string | null; prevToken: string | null };

export interface ResultsListProps {
  lang: Lang;
  view: ResultsView;
  page: number;
  hovered: string | null;
  basket: ReadonlySet<string>;
  onHover(id: string | null): void;
  onOpen(item: StacItem): void;
  onPage(token: string, page: number): void;
  onToggleBasket(item: StacItem): void;
}


export function ResultsList(props: ResultsListProps): JSX.Element {
  const { lang, view } = props;
  if (view.status === 'loading')
    return (
      <p class="state" role="status" data-testid="results-loading">
        {t(lang, 'loading')}
      </p>
    );
  if (view.status === 'error')
    return (
      <p class="state error" role="alert" data-testid="results-error">
        {t(lang, 'error', { message: view.message })}
      </p>
    );
  if (view.status === 'idle') return <p class="state" />;
  if (view.items.length === 0)
    return (
      <p class="state" data-testid="results-empty">
        {t(lang, 'empty')}
      </p>
    );
  return (
    <section class="results" aria-label={t(lang, 'results')}>
      <p class="count" data-testid="result-count" data-count={view.numberMatched ?? ''}>
        {t(lang, 'resultCount', { n: view.numberMatched ?? '?' })} · {t(lang, 'page', { n: props.page })}
      </p>
      <ul>
        {view.items.map((item) => {
          const thumb = thumbnailOf(item);
          const p = item.properties;
          const inBasket = props.basket.has(item.id);
          return (
            <li
              key={item.id}
              data-testid="result"
              data-id={item.id}
              class={props.hovered === item.id ? 'hovered' : ''}
              onMouseEnter={() => props.onHover(item.id)}
              onMouseLeave={() => props.onHover(null)}
              onFocusIn={() => props.onHover(item.id)}
            >
              {thumb !== null ? <img src={thumb} alt="" loading="lazy" width={64} height={64} /> : <span class="no-thumb" />}
              <div class="meta">
                <button type="button" class="link name" data-testid="open-result" onClick={() => props.onOpen(item)}>
                  {item.id}
                </button>
                <span>
                  {(p.datetime ?? '').slice(0, 19).replace('T', ' ')} · {item.collection}
                  {typeof p['eo:cloud_cover'] === 'number' && ` · ${t(lang, 'cloud')} ${Math.round(p['eo:cloud_cover'])}%`}
                  {typeof p['sat:relative_orbit'] === 'number' && ` · ${t(lang, 'orbit')} ${p['sat:relative_orbit']}`}
                </span>
              </div>
              <button
                type="button"
                class="basket-toggle"
                aria-pressed={inBasket}
                title={t(lang, inBasket ? 'removeFromBasket' : 'addToBasket')}
                aria-label={t(lang, inBasket ? 'removeFromBasket' : 'addToBasket')}
                data-testid="basket-toggle"
                onClick={() => props.onToggleBasket(item)}
              >
                {inBasket ? '✓' : '+'}
              </button>
            </li>
          );
        })}
      </ul>
      <nav class="pager">
        <button
          type="button"
          data-testid="prev-page"
          disabled={!view.prevToken}
          onClick={() => view.prevToken && props.onPage(view.prevToken, props.page - 1)}
        >
          {t(lang, 'previous')}
        </button>
        <button
          type="button"
          data-testid="next-page"
          disabled={!view.nextToken}
          onClick={() => view.nextToken && props.onPage(view.nextToken, props.page + 1)}
        >
          {t(lang, 'next')}
        </button>
      </nav>
    </section>
  );
}
