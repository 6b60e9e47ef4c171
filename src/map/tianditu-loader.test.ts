import {describe, expect, it} from 'vitest';
import {MemoryStorage} from '../state/memory-storage';
import {createAppStore} from '../state/store';
import {tiandituLoader} from './tianditu-loader';

const KEY = '0123456789abcdef0123456789abcdef';
const params = (url: string) => ({url, type: 'arrayBuffer'}) as Parameters<ReturnType<typeof tiandituLoader>>[0];

function setUp() {
  const store = createAppStore(new MemoryStorage());
  const asked: {url: string; init: RequestInit | undefined}[] = [];
  const fetchTile = (async (url: string, init?: RequestInit) => {
    asked.push({url, init});
    return new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), {status: 200});
  }) as typeof fetch;
  return {store, asked, load: tiandituLoader(store, fetchTile)};
}

describe('tiandituLoader', () => {
  it('asks nothing while Tianditu is off', async () => {
    const {load, asked} = setUp();
    await expect(load(params('qhtdt://vec_w/3/1/2'), new AbortController())).rejects.toThrow('Tianditu is off');
    expect(asked).toEqual([]);
  });

  it('when on, fetches the tile with the key, bypassing the HTTP cache, with no cookies or referrer', async () => {
    const {load, asked, store} = setUp();
    store.getState().setTianditu({enabled: true, key: KEY});
    const result = await load(params('qhtdt://vec_w/3/1/2'), new AbortController());
    expect(new Uint8Array(result.data as ArrayBuffer)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.url).toMatch(/^https:\/\/t3\.tianditu\.gov\.cn\/vec_w\/wmts\?.*TILEMATRIX=3&TILEROW=2&TILECOL=1&tk=0123/);
    expect(asked[0]!.init).toMatchObject({cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer'});
    expect(store.getState().tiandituStatus).toBe('ok');
  });

  it('says so when Tianditu answers with an error', async () => {
    const store = createAppStore(new MemoryStorage());
    store.getState().setTianditu({enabled: true, key: KEY});
    const load = tiandituLoader(store, (async () => new Response('', {status: 403})) as typeof fetch);
    await expect(load(params('qhtdt://img_w/3/1/2'), new AbortController())).rejects.toThrow('403');
    expect(store.getState().tiandituStatus).toBe('failed');
  });
});
