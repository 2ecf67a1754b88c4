/**
 * Writes eval/dev/train/<lang>.json from the content pack: the first six examples of each dev
 * intent per language — the same amount the shared evaluation trains on. The dev test lines are
 * written separately, by someone who did not see these examples.
 */
import fs from 'node:fs';
import path from 'node:path';

const PER_INTENT = 6;
const DEV_LANGUAGES = ['de', 'en', 'ar', 'uk', 'ru', 'tr', 'fa', 'pl', 'ro', 'bg'];

function main(): void {
  const root = process.cwd();
  const intents = JSON.parse(fs.readFileSync(path.join(root, 'eval/dev/intents.json'), 'utf8')) as Array<{ id: string }>;
  fs.mkdirSync(path.join(root, 'eval/dev/train'), { recursive: true });
  for (const lang of DEV_LANGUAGES) {
    const file = path.join(root, 'content/pack/i18n', `${lang}.json`);
    if (!fs.existsSync(file)) {
      process.stderr.write(`skip ${lang}: no content yet\n`);
      continue;
    }
    const content = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: Record<string, { examples: string[] }> };
    const train: Record<string, string[]> = {};
    for (const { id } of intents) train[id] = (content.entries[id]?.examples ?? []).slice(0, PER_INTENT);
    fs.writeFileSync(path.join(root, 'eval/dev/train', `${lang}.json`), `${JSON.stringify(train, null, 1)}\n`);
  }
}

main();
