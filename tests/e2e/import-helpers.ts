// What an import left in the app's database, read the way both import specs check it.
import type { Page } from '@playwright/test';

/** The customers' names and phones, how many events the app's database holds, and whether an
 * import's marker is there (read in one read-only transaction). */
export async function importState(page: Page): Promise<{ names: string[]; phones: string[]; events: number; marker: boolean }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('mohar');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['customers', 'events', 'meta'], 'readonly');
          const all = tx.objectStore('customers').getAll();
          const events = tx.objectStore('events').count();
          const marker = tx.objectStore('meta').get('import');
          tx.oncomplete = () => {
            db.close();
            const profiles = all.result.map((value: { j: string }) => JSON.parse(value.j).profile ?? {});
            resolve({
              names: profiles.map((profile: { name?: string }) => profile.name ?? ''),
              phones: profiles.map((profile: { phone?: string }) => profile.phone ?? ''),
              events: events.result,
              marker: marker.result !== undefined,
            });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}
