/*
 * The HTTP response headers the app is served with, in one place: vite.config.ts hands them
 * to `vite preview` (and, relaxed, to the dev server); a Node server that serves dist/ should
 * import SECURITY_HEADERS from here and set them on every response, the service worker script
 * included (a worker runs under the policy of its own response, CSP Level 3 §4.2.2).
 * Plain data, no imports: it is read by the Vite config, node and the browser tests alike.
 */

type Directives = Readonly<Record<string, readonly string[]>>;

/**
 * Content-Security-Policy for the built app (CSP Level 3). Everything comes from the app's
 * own origin; the exceptions, each needed by a feature:
 * - `'wasm-unsafe-eval'`: sql.js compiles its WebAssembly to read GeoPackages (script-src
 *   governs WebAssembly compilation; this does not allow eval() of JavaScript);
 * - `img-src blob: data:`: photo thumbnails are shown from blob: URLs; MapLibre's stylesheet
 *   draws its control icons as data: SVG images.
 * Workers need nothing extra: MapLibre's worker (set with setWorkerUrl), the import worker and
 * the service worker are same-origin files, so `worker-src` and `connect-src` stay `'self'`.
 * Nothing can be framed, posted elsewhere, rebased or embedded as a plugin.
 */
export const CSP_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'blob:', 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/**
 * What the Vite dev server needs on top (never the built app): its React refresh preamble is
 * an inline module script, CSS modules arrive as <style> elements, and hot reload talks over
 * a WebSocket to the same host.
 */
export const DEV_CSP_ADDITIONS: Directives = {
  'script-src': ["'unsafe-inline'"],
  'style-src': ["'unsafe-inline'"],
  'connect-src': ['ws:', 'wss:'],
};

/** A policy as header text: `directive source source; …`. */
export function cspHeaderValue(directives: Directives, additions: Directives = {}): string {
  const names = [...new Set([...Object.keys(directives), ...Object.keys(additions)])];
  return names.map((name) => [name, ...(directives[name] ?? []), ...(additions[name] ?? [])].join(' ')).join('; ');
}

/**
 * Permissions-Policy (W3C Permissions Policy, structured-header syntax): the field app may ask
 * for the position (walking a plot boundary) and the camera (plot photos) for itself only;
 * every other powerful feature is off, for frames too.
 */
export const PERMISSIONS_POLICY = [
  'geolocation=(self)',
  'camera=(self)',
  'microphone=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'bluetooth=()',
  'hid=()',
  'midi=()',
  'display-capture=()',
  'browsing-topics=()',
].join(', ');

/** Headers for every response of the built app. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': cspHeaderValue(CSP_DIRECTIVES),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': PERMISSIONS_POLICY,
  // frame-ancestors 'none' says the same to current browsers; this is for older ones.
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The set for an app that talks to a team server at another address (issue 14 item 1): the
 * same policy with those origins added to `connect-src` only. The team server uses it when
 * started with `--connect-src URL`; a static host serving dist/ must send the equivalent itself.
 */
export function securityHeadersWithConnect(origins: readonly string[]): Readonly<Record<string, string>> {
  if (origins.length === 0) return SECURITY_HEADERS;
  return {...SECURITY_HEADERS, 'Content-Security-Policy': cspHeaderValue(CSP_DIRECTIVES, {'connect-src': origins})};
}

/**
 * Tianditu's tile hosts (src/catalogue/tianditu.ts). The header is static, so the app's own
 * policy never names them: a built app served as it ships cannot reach Tianditu even with the
 * setting on (it says so), and the air-gapped default stays true for every deployment that does
 * not choose otherwise. A deployment that offers the optional online basemap serves
 * `securityHeadersWithConnect(TIANDITU_ORIGINS)` (the team server: `--connect-src` with each
 * origin); inside it, the app still asks Tianditu for nothing until a user turns the setting on.
 */
export const TIANDITU_ORIGINS: readonly string[] = Array.from({length: 8}, (_, i) => `https://t${i}.tianditu.gov.cn`);

/** The same set for the Vite dev server, with the dev-only allowances of DEV_CSP_ADDITIONS. */
export const DEV_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'Content-Security-Policy': cspHeaderValue(CSP_DIRECTIVES, DEV_CSP_ADDITIONS),
};
