import {describe, expect, it} from 'vitest';
import {DEV_SECURITY_HEADERS, SECURITY_HEADERS, TIANDITU_ORIGINS, cspHeaderValue} from './security-headers';
import {TIANDITU_HOSTS} from '../catalogue/tianditu';

describe('security headers', () => {
  it('writes a policy as directive and sources, appending additions to the same directive', () => {
    expect(cspHeaderValue({'default-src': ["'self'"], 'img-src': ["'self'"]}, {'img-src': ['blob:'], 'connect-src': ['ws:']}))
      .toBe("default-src 'self'; img-src 'self' blob:; connect-src ws:");
  });

  it('allows inline script and style only on the dev server, never in the served build', () => {
    expect(SECURITY_HEADERS['Content-Security-Policy']).not.toContain('unsafe-inline');
    expect(DEV_SECURITY_HEADERS['Content-Security-Policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline';/);
    const {'Content-Security-Policy': _a, ...rest} = SECURITY_HEADERS;
    const {'Content-Security-Policy': _b, ...devRest} = DEV_SECURITY_HEADERS;
    expect(devRest).toEqual(rest);
  });
});

describe('the optional Tianditu opt-in', () => {
  it("names exactly the catalogue's tile hosts, over https (this file stays free of imports, so it keeps its own list)", () => {
    expect([...TIANDITU_ORIGINS]).toEqual(TIANDITU_HOSTS.map((host) => `https://${host}`));
  });
});
