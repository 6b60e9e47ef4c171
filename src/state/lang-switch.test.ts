import {describe, expect, it, vi} from 'vitest';
import {createAppStore} from './store';
import {MemoryStorage} from './memory-storage';
import type * as Messages from '../i18n/messages';

// As in the built app offline before the English chunk was cached: its words cannot be loaded
// until the network returns (`online`).
let online = false;
vi.mock('../i18n/messages', async (original) => {
  const real = await original<typeof Messages>();
  let loaded = false;
  return {
    ...real,
    hasWords: (lang: string) => lang === 'zh' || loaded,
    loadWords: (lang: string) => {
      if (lang === 'zh' || online) {
        loaded ||= lang === 'en';
        return Promise.resolve();
      }
      return Promise.reject(new Error('offline'));
    },
  };
});

describe('switching language when the words cannot be loaded', () => {
  it('stays in the language shown, notes which one failed, and clears the note once a switch works', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const store = createAppStore(new MemoryStorage());
    store.getState().setLang('en');
    await vi.waitFor(() => expect(store.getState().langFailed).toBe('en'));
    expect(store.getState().lang).toBe('zh');
    online = true;
    store.getState().setLang('en');
    expect(store.getState().langFailed).toBeNull();
    await vi.waitFor(() => expect(store.getState().lang).toBe('en'));
  });

  it('clears the note of a page opened in Chinese for want of English once the user picks Chinese', () => {
    const store = createAppStore(new MemoryStorage());
    // What main.tsx does when ?lang=en could not load its words.
    store.getState().langUnavailable('en');
    expect(store.getState().langFailed).toBe('en');
    store.getState().setLang('zh');
    expect(store.getState().langFailed).toBeNull();
  });
});
