import type { JSX } from 'preact';
import { LANGUAGES, t, type Lang } from '../lib/i18n.ts';
import type { SearchState } from '../lib/search-state.ts';

export interface TopBarProps {
  lang: Lang;
  view: SearchState['view'];
  basketCount: number;
  username: string | null;
  onView(view: SearchState['view']): void;
  onShare(): void;
  onBasket(): void;
  onLogin(): void;
  onLogout(): void;
  onLang(code: string): void;
}

/** The title, the search/collections switch, sharing, the basket, the account and the language. */
export function TopBar(props: TopBarProps): JSX.Element {
  const { lang } = props;
  return (
    <header class="top">
      <h1>{t(lang, 'title')}</h1>
      <nav aria-label={t(lang, 'views')}>
        <button type="button" aria-current={props.view === 'search'} onClick={() => props.onView('search')}>
          {t(lang, 'search')}
        </button>
        <button
          type="button"
          aria-current={props.view === 'catalogue'}
          data-testid="catalogue-tab"
          onClick={() => props.onView('catalogue')}
        >
          {t(lang, 'catalogue')}
        </button>
      </nav>
      <span class="spacer" />
      <button type="button" data-testid="share" onClick={props.onShare}>
        {t(lang, 'share')}
      </button>
      <button type="button" data-testid="basket-open" onClick={props.onBasket}>
        {t(lang, 'basket')} ({props.basketCount})
      </button>
      {props.username ? (
        <button type="button" data-testid="logout" title={t(lang, 'loggedInAs', { user: props.username })} onClick={props.onLogout}>
          {t(lang, 'logout')} ({props.username})
        </button>
      ) : (
        <button type="button" data-testid="login" onClick={props.onLogin}>
          {t(lang, 'login')}
        </button>
      )}
      <label class="lang">
        <span class="sr-only">{t(lang, 'language')}</span>
        <select
          data-testid="language"
          value={lang}
          onChange={(e) => props.onLang((e.currentTarget as HTMLSelectElement) /* this select */.value)}
        >
          {Object.entries(LANGUAGES).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
