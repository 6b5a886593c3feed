// Issue 14, merging duplicate customers: the same phone added as a new customer on two devices
// is flagged "Possible duplicate" in Needs a look; the owner merges the cards, choosing the one
// to keep; the kept card shows the stamps of both, and the other leaves search. With
// SCREENSHOTS=1 it also writes the chooser in Hindi and Bengali on a tablet and a phone.
//
// One fresh profile: the other device's customer (same phone, three stamps) is written straight
// into the shop's database on PouchDB Server, as that device's sync would, and pulled from there.
import { randomBytes } from 'node:crypto';
import { type Page } from '@playwright/test';
import { test, expect, chooseLanguage } from './fixtures';
import { PHONE, TABLET } from './layout-helpers';
import { AUTH, openCustomer, serverEvents, syncServer, tabletWithAsha, useSyncServer } from './sync-helpers';

useSyncServer();

type Doc = Record<string, unknown> & { _id: string; kind: Record<string, unknown>; hlc: { millis: number; counter: number; device: string } };

/** The events in the database, as documents. */
async function docs(db: string): Promise<Doc[]> {
  const response = await fetch(`${syncServer()}/${db}/_all_docs?include_docs=true`, { headers: { Authorization: AUTH } });
  const body = (await response.json()) as { rows: { id: string; doc: Doc }[] };
  return body.rows.filter((row) => !row.id.startsWith('_')).map((row) => row.doc);
}

/** A copy of `doc` as a new event of another device, `later` ms after it, with `kind` changed. */
function another(doc: Doc, device: string, later: number, kind: Record<string, unknown>): Doc {
  const id = randomBytes(16).toString('hex');
  const copy = { ...doc, _id: id, id, device, hlc: { millis: doc.hlc.millis + later, counter: 0, device }, kind: { ...doc.kind, ...kind } };
  copy.at = (doc.at as number) + later;
  delete (copy as Record<string, unknown>)._rev;
  return { ...copy, _rev: `1-${id}`, _revisions: { start: 1, ids: [id] } } as Doc;
}

/**
 * Another device added "Asha V." with Asha Verma's phone and gave her three stamps: written into
 * `db` as its sync would, pulled at the tablet's next start, and flagged in Needs a look (open
 * when this returns; the flag's locator is returned).
 */
async function twinFlagged(page: Page, db: string) {
  const events = await docs(db);
  const added = events.find((doc) => doc.kind.type === 'customer_added')!;
  const stamp = events.find((doc) => doc.kind.type === 'stamps_added')!;
  const device = randomBytes(16).toString('hex');
  const twin = randomBytes(16).toString('hex');
  const profile = { ...(added.kind.profile as Record<string, unknown>), name: 'Asha V.' };
  const written = [another(added, device, 5_000, { customer: twin, profile, welcome_stamps: 0 })];
  for (const n of [1, 2, 3]) written.push(another(stamp, device, 5_000 + n * 120_000, { customer: twin, stamps: 1, same_visit: false }));
  const response = await fetch(`${syncServer()}/${db}/_bulk_docs`, {
    method: 'POST',
    headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
    body: JSON.stringify({ docs: written, new_edits: false }),
  });
  expect(response.status).toBe(201);

  // Pulled at the next start; Needs a look flags the phone.
  await page.getByRole('link', { name: 'Counter' }).click();
  await expect(async () => {
    await page.reload();
    await page.getByLabel('Search customers').fill('Asha');
    await expect(page.getByRole('link', { name: /Asha V\./ })).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Needs a look' }).click();
  const flag = page.locator('.look-item');
  await expect(flag.getByRole('heading')).toHaveText(/^Possible duplicate: /);
  return flag;
}

test('a customer added on two devices with one phone is merged: the kept card has both cards\' stamps, the other leaves search', async ({ browser }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  const { db, context, page, stamps: before } = await tabletWithAsha(browser, errors);
  const flag = await twinFlagged(page, db);

  // Keep Asha Verma's card.
  await flag.getByRole('button', { name: 'Merge the cards…' }).click();
  await expect(flag.getByRole('group', { name: 'Which card do you keep?' })).toBeVisible();
  await expect(flag.getByRole('radio', { name: /^Asha V\. · \+91 98765 43210 · stamps: 3 · last visit: \d/ })).toBeVisible();
  await flag.getByRole('radio', { name: /^Asha Verma · / }).check();
  await flag.getByRole('button', { name: 'Next' }).click();
  await expect(flag.locator('.merge-confirm')).toHaveText(/^Keep Asha Verma's card\? Every stamp/);
  await flag.getByRole('button', { name: 'Merge the cards' }).click();
  await expect(page.getByText('Nothing needs a look.')).toBeVisible();

  // The kept card shows the sum; the other is gone from search, by name and by phone.
  await openCustomer(page, 'Asha Verma');
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuenow', String(before + 3));
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByLabel('Search customers').fill('Asha');
  await expect(page.getByRole('link', { name: /Asha Verma/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Asha V\./ })).toHaveCount(0);
  await page.getByLabel('Search customers').fill('98765');
  await expect(page.getByRole('link', { name: /Asha/ })).toHaveCount(1);

  // The merge itself syncs (with the engine's next round, at most a minute): one more event.
  await expect.poll(() => serverEvents(db), { timeout: 90_000 }).toBe(9);
  // And after a reload the cards are as they were left.
  await page.reload();
  await openCustomer(page, 'Asha Verma');
  await expect(page.getByRole('progressbar', { name: 'Stamps' })).toHaveAttribute('aria-valuenow', String(before + 3));
  await context.close();
  expect(errors).toEqual([]);
});

test.describe('screenshots', () => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshots');
  for (const lang of ['hi', 'bn'] as const) {
    test(`the merge chooser in ${lang} on a tablet and a phone`, async ({ browser }) => {
      test.setTimeout(180_000);
      const errors: string[] = [];
      const { db, context, page } = await tabletWithAsha(browser, errors);
      await twinFlagged(page, db);
      await chooseLanguage(page, lang);
      const flag = page.locator('.look-item');
      await flag.locator('.merge-twins button.primary').click();
      await flag.locator('.merge-option input').first().check();
      await expect(flag.locator('.merge-choice')).toBeVisible();
      await page.screenshot({ path: `docs/screenshots/merge-chooser-${lang}-tablet.png`, fullPage: true });
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: `docs/screenshots/merge-chooser-${lang}-phone.png`, fullPage: true });
      await page.setViewportSize(TABLET);
      await context.close();
      expect(errors).toEqual([]);
    });
  }
});
