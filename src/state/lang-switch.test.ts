import {describe, expect, it, vi} from 'vitest';
import type {Lang} from '../i18n/lang';
import {createAppStore, type WordsService} from './store';
import {MemoryStorage} from './memory-storage';

/** As in the built app offline before the English chunk was cached: English loads only once `online`. */
function offlineWords(): WordsService & {online: boolean} {
  const loaded = new Set<Lang>(['zh']);
  const words = {
    online: false,
    has: (lang: Lang) => loaded.has(lang),
    load: (lang: Lang) => {
      if (!words.online) return Promise.reject(new Error('offline'));
      loaded.add(lang);
      return Promise.resolve();
    },
  };
  return words;
}

describe('switching language when the words cannot be loaded', () => {
  it('stays in the language shown, notes which one failed, and clears the note once a switch works', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const words = offlineWords();
    const store = createAppStore(new MemoryStorage(), {words});
    store.getState().setLang('en');
    await vi.waitFor(() => expect(store.getState().langFailed).toBe('en'));
    expect(store.getState().lang).toBe('zh');
    words.online = true;
    store.getState().setLang('en');
    expect(store.getState().langFailed).toBeNull();
    await vi.waitFor(() => expect(store.getState().lang).toBe('en'));
  });

  it('a failed load of an earlier choice does not mark the later one', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const words = offlineWords();
    const store = createAppStore(new MemoryStorage(), {words});
    store.getState().setLang('en');
    store.getState().setLang('zh');
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().langFailed).toBeNull();
    expect(store.getState().lang).toBe('zh');
  });

  it('clears the note of a page opened in Chinese for want of English once the user picks Chinese', () => {
    const store = createAppStore(new MemoryStorage(), {words: offlineWords()});
    // What main.tsx does when ?lang=en could not load its words.
    store.getState().langUnavailable('en');
    expect(store.getState().langFailed).toBe('en');
    store.getState().setLang('zh');
    expect(store.getState().langFailed).toBeNull();
  });
});
