/**
 * Access policies per collection and per portal view (issue 7): `public`, `registered` (search open, download needs a login)
 * and `restricted` (visible only to named roles or groups). Owns the columns collections.access_policy and
 * collections.access_allow (migration 0009) and writes `collection.access` events. Pure decisions
 * (policy.ts) turn an Actor and the policies into an AccessScope that every catalogue read takes as a
 * required argument, so that the query layer hides restricted collections for every API alike; the
 * service caches the policies for access.cacheMs. Portal views (config access.views, views.ts) narrow a
 * scope to some collections for requests arriving on a view's host names; they never widen one.
 */
export { ACCESS_POLICIES, type AccessPolicy, type AccessScope, type CollectionAccess, type DefaultPolicy } from './types.ts';
export { ACCESS_ERRORS } from './errors.ts';
export { checkDownload, effectivePolicy, INTERNAL_SEES_EVERYTHING, isAdmin, isHidden, maySee, scopeFor } from './policy.ts';
export { viewForHost, viewLikePatterns, viewTakes, type AccessView } from './views.ts';
export { accessChangeSchema, type AccessChange, type CollectionAccessInfo } from './store.ts';
export { createAccessService, type AccessService, type AccessSettings, type CollectionAccessAdmin, type ScopeResolver } from './service.ts';
