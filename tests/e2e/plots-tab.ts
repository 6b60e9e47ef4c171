import {expect} from 'vitest';
import type {Page} from 'playwright-core';
import {polygonAreaSquareMeters} from '../../src/geo/area';
import {squareMetersToMu} from '../../src/geo/units';
import {drawPolygon} from './field-helpers';

/** The Plots tab in English, as the edit and storage tests read it. */

export const row = (page: Page, name: string) => page.locator('.plot-list > li').filter({hasText: name});
/** The row's storage state: 'saved', 'not-saved', … (its `data-save` attribute). */
export const saveOf = (page: Page, name: string) => row(page, name).locator('[data-save]').getAttribute('data-save');
export const form = (page: Page) => page.getByRole('dialog', {name: 'Plot details'});
/** Polls long enough for a loaded 2-core machine; the assertion, not the time, is the test. */
export const poll = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, {timeout: 20_000});
export const muIn = (text: string | null) => Number(/([\d,.]+)\s*mu/.exec(text ?? '')?.[1]?.replace(/,/g, ''));
/**
 * The header's remediated total once it counts the stored plots as they are: the tally runs in a
 * worker, so right after a save the badge says it is being updated (`aria-busy`) for a moment.
 */
export const headerMu = async (page: Page) => {
  await page.locator('.progress-badge[aria-busy="false"]').waitFor({timeout: 20_000});
  return muIn(await page.getByTestId('remediated-mu').textContent());
};
export const ringMu = (ring: [number, number][]) => squareMetersToMu(polygonAreaSquareMeters({type: 'Polygon', coordinates: [[...ring, ring[0]!]]}));

export async function drawAndSave(page: Page, ring: [number, number][], name: string): Promise<void> {
  await page.getByRole('button', {name: 'New plot'}).click();
  await drawPolygon(page, ring);
  await form(page).getByLabel('Name').fill(name);
  await form(page).getByLabel('Team').fill('Datong team 1');
  await form(page).getByRole('button', {name: 'Save'}).click();
  await poll(() => saveOf(page, name)).toBe('saved');
}

export async function openEdit(page: Page, name: string): Promise<void> {
  if ((await row(page, name).getAttribute('class')) !== 'selected') await row(page, name).locator('.plot-row').click();
  await row(page, name).getByRole('button', {name: 'Edit details'}).click();
}
