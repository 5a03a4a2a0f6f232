import type { Actor } from '../auth/index.ts';

/**
 * A collection's access policy (issue 7, as on CDSE): `public` anyone searches and downloads; `registered`
 * anyone searches, downloading needs a login; `restricted` only the allowed roles or groups (and admins)
 * see it at all, everyone else finds nothing.
 */
export const ACCESS_POLICIES = ['public', 'registered', 'restricted'] as const;
export type AccessPolicy = (typeof ACCESS_POLICIES)[number];

/** A default cannot be `restricted`: a collection nobody configured must not vanish. */
export type DefaultPolicy = Exclude<AccessPolicy, 'restricted'>;

/** What is stored for one collection: its own policy (null: the default) and the names it allows. */
export interface CollectionAccess {
  readonly collection: string;
  readonly policy: AccessPolicy | null;
  readonly allow: readonly string[];
}

declare const scopeBrand: unique symbol;

/**
 * What one caller may see and fetch, computed once per request by access/ and handed to every catalogue
 * read as a required argument (the query layer compiles `hiddenCollections` into its SQL). The brand
 * means only access/ makes scopes: a new API cannot pass an ad-hoc "everything" by accident, and
 * internal callers name INTERNAL_SEES_EVERYTHING.
 */
export interface AccessScope {
  readonly actor: Actor;
  /**
   * Known collections this actor may not see (restricted ones it is not allowed into, and those outside its
   * view): absent from every result, count and list.
   */
  readonly hiddenCollections: readonly string[];
  /**
   * The portal view the request came through, or null: only collections its entries take in exist for
   * this scope, also ones created after the scope was made (the query layer matches the entries in SQL).
   */
  readonly view: { readonly name: string; readonly collections: readonly string[] } | null;
  /** Effective policy of each collection known when the scope was made. */
  readonly policies: ReadonlyMap<string, AccessPolicy>;
  /** The policy of a collection created after the policies were read. */
  readonly defaultPolicy: DefaultPolicy;
  /** Ingest, demo, bench and admin tools: sees and fetches everything. */
  readonly internal: boolean;
  readonly [scopeBrand]: true;
}
