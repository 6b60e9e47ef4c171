import {expect} from 'vitest';
import type {BrowserContext, Page} from 'playwright-core';
import {openOnPlotsTab} from './suite';

/**
 * Opens the app at `appUrl` in a new page of `context` and signs in to its team server as
 * `user` through the sign-in form, naming the device after the user; resolves once the header
 * names the signed-in user.
 */
export async function signInToTeam(context: BrowserContext, appUrl: string, user: string, password: string): Promise<Page> {
  const page = await openOnPlotsTab(context, appUrl);
  const form = page.getByRole('form', {name: 'Team sign-in'});
  await form.getByLabel('Team account').fill(user);
  await form.getByLabel('Team passphrase').fill(password);
  await form.getByLabel('Device name').fill(`${user}'s device`);
  await form.getByRole('button', {name: 'Team sign-in'}).click();
  await expect.poll(() => page.locator(`[data-team-user="${user}"]`).count(), {timeout: 30_000, message: `${user} signed in`}).toBe(1);
  return page;
}
