import { ANONYMOUS, type Actor } from '../auth/index.ts';
import { downloadNeedsLogin } from './errors.ts';
import type { AccessPolicy, AccessScope, CollectionAccess, DefaultPolicy } from './types.ts';
import { viewTakes } from './views.ts';

/** The policy that applies to a collection: its own, or the configured default. */
export function effectivePolicy(access: Pick<CollectionAccess, 'policy'>, defaultPolicy: DefaultPolicy): AccessPolicy {
  return access.policy ?? defaultPolicy;
}

export function isAdmin(actor: Actor): boolean {
  return actor.kind === 'user' && actor.roles.includes('admin');
}

/** Whether the actor may see a collection at all: always, unless restricted to roles or groups it lacks. */
export function maySee(actor: Actor, access: CollectionAccess, defaultPolicy: DefaultPolicy): boolean {
  if (effectivePolicy(access, defaultPolicy) !== 'restricted' || isAdmin(actor)) return true;
  if (actor.kind === 'anonymous') return false;
  const names = new Set([...actor.roles, ...actor.groups]);
  return access.allow.some((name) => names.has(name));
}

// Only this module makes scopes (the brand in types.ts); the casts below are that one place.
function makeScope(fields: Omit<AccessScope, symbol>): AccessScope {
  return Object.freeze(fields) as AccessScope;
}

/**
 * The scope of one actor under the collections' policies, narrowed to a portal view when the request came
 * through one. A view only takes away: what the policies hide stays hidden inside it, for admins too.
 */
export function scopeFor(
  actor: Actor,
  collections: readonly CollectionAccess[],
  defaultPolicy: DefaultPolicy,
  view: AccessScope['view'] = null,
): AccessScope {
  const outsideView = (name: string): boolean => view !== null && !viewTakes(view.collections, name);
  return makeScope({
    actor,
    hiddenCollections: collections.filter((c) => outsideView(c.collection) || !maySee(actor, c, defaultPolicy)).map((c) => c.collection),
    view,
    policies: new Map(collections.map((c) => [c.collection, effectivePolicy(c, defaultPolicy)])),
    defaultPolicy,
    internal: false,
  });
}

/** Whether a collection is invisible in this scope: hidden by its policy, or outside the scope's view. */
export function isHidden(scope: AccessScope, collection: string): boolean {
  return scope.hiddenCollections.includes(collection) || (scope.view !== null && !viewTakes(scope.view.collections, collection));
}

/** For ingest, the demo loader, benchmarks and admin tools: every collection, every download. */
export const INTERNAL_SEES_EVERYTHING: AccessScope = makeScope({
  actor: ANONYMOUS,
  hiddenCollections: [],
  view: null,
  policies: new Map(),
  defaultPolicy: 'public',
  internal: true,
});

/**
 * May this scope download from a collection it can see? `registered` needs a signed-in actor: an
 * anonymous one gets DOWNLOAD_NEEDS_LOGIN (401). Hidden collections never reach here: their products
 * are not found in the first place.
 */
export function checkDownload(scope: AccessScope, collection: string): void {
  if (scope.internal || scope.actor.kind === 'user') return;
  const policy = scope.policies.get(collection) ?? scope.defaultPolicy;
  if (policy !== 'public') throw downloadNeedsLogin(collection);
}
