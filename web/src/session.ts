/**
 * The signed-in user's access token (kept for the tab in sessionStorage, so a reload keeps the login but
 * closing the tab ends it) and the basket (kept in localStorage, so it outlives the tab).
 */
import { useState } from 'preact/hooks';
import type { BasketItem } from './components/dialogs.tsx';

const TOKEN_KEY = 'eohub.session';
const BASKET_KEY = 'eohub.basket';

/** The current token, read at the moment of use so that a retry after logging in uses the new one. */
export function currentToken(): string | null {
  // The stored value is written by useSession below, and only there.
  return (JSON.parse(sessionStorage.getItem(TOKEN_KEY) ?? 'null') as { token: string } | null)?.token ?? null;
}

export function useSession(): { username: string | null; set(username: string, token: string): void; clear(): void } {
  const [username, setUsername] = useState<string | null>(
    // As in currentToken: written by this hook only.
    () => (JSON.parse(sessionStorage.getItem(TOKEN_KEY) ?? 'null') as { username: string } | null)?.username ?? null,
  );
  return {
    username,
    set(user, token) {
      sessionStorage.setItem(TOKEN_KEY, JSON.stringify({ username: user, token }));
      setUsername(user);
    },
    clear() {
      sessionStorage.removeItem(TOKEN_KEY);
      setUsername(null);
    },
  };
}

export function useStoredBasket(): { items: BasketItem[]; add(item: BasketItem): void; remove(id: string): void; clear(): void } {
  const [items, setItems] = useState<BasketItem[]>(() => {
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(BASKET_KEY) ?? '[]');
      return Array.isArray(stored) ? (stored as BasketItem[]) : []; // written by this module only
    } catch {
      return [];
    }
  });
  const store = (next: BasketItem[]): void => {
    localStorage.setItem(BASKET_KEY, JSON.stringify(next));
    setItems(next);
  };
  return {
    items,
    add: (item) => store([...items.filter((i) => i.id !== item.id), item]),
    remove: (id) => store(items.filter((i) => i.id !== id)),
    clear: () => store([]),
  };
}
