/** Reading evaluation sets: every `*.jsonl` file of a folder, in name order, one JSON object per line. */
import fs from 'node:fs';
import path from 'node:path';

export function readJsonlDir<T>(dir: string): T[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) =>
      fs
        .readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as T),
    );
}
