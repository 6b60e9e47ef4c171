/*
 * The zod-free part of the shared zones and slides protocol (shared-protocol.ts has the
 * schemas): the app's client imports only this and types, so zod stays out of the bundle the
 * app starts with (zod probes new Function, which the app's CSP refuses and reports).
 */

export const SHARED_KINDS = ['zone', 'slide'] as const;
export type SharedKind = (typeof SHARED_KINDS)[number];

/** The API path of a kind's collection. */
export const sharedPath = (kind: SharedKind): string => (kind === 'zone' ? '/api/zones' : '/api/slides');

/** JSON with object keys sorted, so two equal values compare equal whatever key order a database kept (jsonb does not keep it). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
