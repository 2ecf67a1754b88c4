/**
 * The embedded default store: one JSON file in DATA_DIR, written atomically by lowdb (temp file
 * + rename). lowdb loses updates when several processes write the same file, so exactly one
 * process owns it; deployments with more than one process use the PostgreSQL store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { DocumentStore } from './store';

type Collections = Record<string, Record<string, { value: unknown; etag: string; expiresAt?: string }>>;

export class LowdbStore extends DocumentStore {
  private constructor(private readonly db: Low<{ collections: Collections }>) {
    super(
      () => db.data.collections,
      () => db.write(),
    );
  }

  /**
   * Open (or create) the store file. A file that is not valid JSON is moved aside, never
   * overwritten, so an operator can recover it; the service starts with an empty store.
   */
  static async open(dataDir: string, onCorrupt?: (movedTo: string) => void): Promise<LowdbStore> {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'lotse.json');
    const db = new Low<{ collections: Collections }>(new JSONFile(file), { collections: {} });
    try {
      await db.read();
    } catch {
      const movedTo = `${file}.corrupt-${Date.now()}`;
      fs.renameSync(file, movedTo);
      onCorrupt?.(movedTo);
      await db.read();
    }
    if (!db.data || typeof db.data !== 'object' || typeof db.data.collections !== 'object' || db.data.collections === null) {
      db.data = { collections: {} };
    }
    return new LowdbStore(db);
  }
}
