import type {Page} from 'playwright-core';
import type {Plot} from '../../src/geo/plot';
import {waitForFirstIdle} from './browser';

/** Puts plots into the app's own IndexedDB (layout of src/state/persistence/plot-db.ts), then reloads. */
export async function seedPlots(page: Page, list: readonly Plot[]): Promise<void> {
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
  }, list as Plot[]);
  await page.reload();
  await waitForFirstIdle(page);
}
