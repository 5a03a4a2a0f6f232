import type { Caller, ClassLimits, QuotaSettings } from './types.ts';

/**
 * A caller's class is their most privileged role (admin, then institutional, then registered); what the
 * institutional class leaves unset falls back to the registered limits.
 */
export function limitsFor(settings: QuotaSettings, caller: Caller): ClassLimits {
  const actor = caller.actor;
  if (actor.kind === 'anonymous') return { quotaClass: 'anonymous', ...settings.anonymous };
  if (actor.roles.includes('admin')) return { quotaClass: 'admin', ...settings.admin };
  const registered = { quotaClass: 'registered' as const, ...settings.registered };
  if (!actor.roles.includes('institutional')) return registered;
  const own = settings.institutional;
  return {
    quotaClass: 'institutional',
    concurrentDownloads: own.concurrentDownloads ?? registered.concurrentDownloads,
    searchRequests: own.searchRequests ?? registered.searchRequests,
    bandwidthBytesPerS: own.bandwidthBytesPerS ?? registered.bandwidthBytesPerS,
    monthlyDownloadBytes: own.monthlyDownloadBytes ?? registered.monthlyDownloadBytes,
  };
}

/** The counting key: `user:<id>`, or `addr:<address>` for anonymous clients. */
export function subjectOf(caller: Caller): string {
  return caller.actor.kind === 'user' ? `user:${caller.actor.id}` : `addr:${caller.address}`;
}
