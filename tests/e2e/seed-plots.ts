import type {Page} from 'playwright-core';
import type {Plot} from '../../src/geo/plot';
import {waitForFirstIdle} from './browser';

/**
 * Puts plots into the app's own IndexedDB as an older build stored them (GeoJSON records, the
 * layout of src/state/persistence/plot-db.ts), 2,000 a transaction so 50,000 plots never make
 * one giant message to the page. The page is left as it is: the app reads them at its next open.
 */
export async function putStoredPlots(page: Page, list: readonly Plot[]): Promise<void> {
  for (let start = 0; start < list.length; start += 2000) {
    await page.evaluate(async (records) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('qh-remediation');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const tx = db.transaction('plots', 'readwrite');
      for (const plot of records) tx.objectStore('plots').put({id: plot.properties.id, plot, version: 1, deleted: false});
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }, list.slice(start, start + 2000) as Plot[]);
  }
}

/** Puts plots into the app's own IndexedDB (putStoredPlots), then reloads until the map is idle. */
export async function seedPlots(page: Page, list: readonly Plot[]): Promise<void> {
  await putStoredPlots(page, list);
  await page.reload();
  await waitForFirstIdle(page);
}
