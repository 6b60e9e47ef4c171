/*
 * The headers every response of the team server carries. The policy is the app's (the same
 * as src/app/security-headers.ts is to hold): scripts only from this origin ('wasm-unsafe-eval'
 * for sql.js), MapLibre's blob: workers, inline styles (MapLibre sets element styles), and no
 * connection to any host but this one.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // The field form uses GPS and the camera; nothing else.
  'permissions-policy': 'geolocation=(self), camera=(self), microphone=(), payment=(), usb=()',
};
