import type { Actor } from '../auth/index.ts';
import type { Db } from '../db/index.ts';
import { scopeFor } from './policy.ts';
import { listCollectionAccess, readCollectionAccess, setCollectionAccess, type CollectionAccessInfo } from './store.ts';
import type { AccessScope, CollectionAccess, DefaultPolicy } from './types.ts';
import type { AccessView } from './views.ts';

export interface AccessSettings {
  defaultPolicy: DefaultPolicy;
  /** Portal views; an actor that names a view not among them sees nothing (a view only narrows). */
  views?: readonly AccessView[] | undefined;
  /** How long the policies read from the database are reused; changes through this process apply at once. */
  cacheMs: number;
}

/** What the admin API and the CLI change (the CLI also through a running server's admin API). */
export interface CollectionAccessAdmin {
  listCollections(): Promise<CollectionAccessInfo[]>;
  /** `change` is `{policy, allow}` as the admin API receives it; validated here. */
  setAccess(name: string, change: unknown): Promise<CollectionAccessInfo>;
}

/** The scope of an actor, as the bound services (stac, odata, dhus) ask for it on every call. */
export type ScopeResolver = (actor: Actor) => Promise<AccessScope>;

export interface AccessService {
  /** The scope of one request's actor: what its catalogue reads hide and which downloads it may make. */
  scopeFor(actor: Actor): Promise<AccessScope>;
  admin: CollectionAccessAdmin;
}

export function createAccessService(db: Db, settings: AccessSettings, clock: () => number = Date.now): AccessService {
  // Every request needs the policies; they change rarely, so one read serves all requests for cacheMs.
  let cached: { at: number; value: Promise<readonly CollectionAccess[]> } | undefined;
  const policies = (): Promise<readonly CollectionAccess[]> => {
    if (cached === undefined || clock() - cached.at >= settings.cacheMs) {
      const value = readCollectionAccess(db);
      const entry = { at: clock(), value };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached.value;
  };
  const viewOf = (actor: Actor): AccessScope['view'] => {
    if (actor.view === undefined) return null;
    const view = settings.views?.find((v) => v.name === actor.view);
    return { name: actor.view, collections: view?.collections ?? [] };
  };
  return {
    scopeFor: async (actor) => scopeFor(actor, await policies(), settings.defaultPolicy, viewOf(actor)),
    admin: {
      listCollections: () => listCollectionAccess(db, settings.defaultPolicy),
      setAccess: async (name, change) => {
        const info = await setCollectionAccess(db, name, change, settings.defaultPolicy);
        cached = undefined;
        return info;
      },
    },
  };
}
