/**
 * The embedded default store: one JSON file per collection in DATA_DIR, written atomically by
 * lowdb (temp file + rename) and batched (changes of the last 50 ms go out together), so a busy
 * chat does not rewrite all transcripts on every turn. lowdb loses updates when several processes
 * write the same files, so exactly one process owns DATA_DIR; deployments with more than one
 * process need a shared database store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { DocumentStore } from './document';

type Items = Record<string, { value: unknown; etag: string; expiresAt?: string }>;
type Collections = Record<string, Items>;

const FLUSH_DELAY_MS = 50;
const FILE = /^([a-zA-Z0-9_-]{1,64})\.json$/;

export interface LowdbOptions {
  /** Told about a file that was not valid JSON (moved aside, never overwritten). */
  onCorrupt?: (movedTo: string) => void;
  /** Told when writing to disk failed (the data stays in memory and is written with the next change). */
  onWriteError?: (error: unknown) => void;
}

export class LowdbStore extends DocumentStore {
  private constructor(dir: string, collections: Collections, files: Map<string, Low<Items>>, options: LowdbOptions) {
    const fileFor = (name: string): Low<Items> => {
      let db = files.get(name);
      if (!db) {
        db = new Low<Items>(new JSONFile(path.join(dir, `${name}.json`)), {});
        files.set(name, db);
      }
      return db;
    };
    super(
      () => collections,
      async (names) => {
        for (const name of names) {
          if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) continue;
          const db = fileFor(name);
          db.data = collections[name] ?? {};
          await db.write();
        }
      },
      FLUSH_DELAY_MS,
      options.onWriteError,
    );
  }

  static async open(dataDir: string, options: LowdbOptions | ((movedTo: string) => void) = {}): Promise<LowdbStore> {
    const opts: LowdbOptions = typeof options === 'function' ? { onCorrupt: options } : options;
    const dir = path.join(dataDir, 'store');
    fs.mkdirSync(dir, { recursive: true });
    const collections: Collections = {};
    const files = new Map<string, Low<Items>>();
    for (const name of fs.readdirSync(dir)) {
      const m = FILE.exec(name);
      if (!m) continue;
      const collection = m[1] as string;
      const file = path.join(dir, name);
      const db = new Low<Items>(new JSONFile(file), {});
      try {
        await db.read();
      } catch {
        const movedTo = `${file}.corrupt-${Date.now()}`;
        fs.renameSync(file, movedTo);
        opts.onCorrupt?.(movedTo);
        db.data = {};
      }
      collections[collection] = db.data && typeof db.data === 'object' && !Array.isArray(db.data) ? db.data : {};
      files.set(collection, db);
    }
    return new LowdbStore(dir, collections, files, opts);
  }
}
