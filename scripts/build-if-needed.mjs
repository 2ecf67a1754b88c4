#!/usr/bin/env node
/**
 * `npm start` (and the other npm scripts that need dist/) build only when a source changed since
 * the last build: the newest modification time and the number of TypeScript/JSON sources are
 * compared with dist/.build-stamp. Progress goes to stderr, so a script's stdout stays its own
 * (`npm run -s eval -- --json` prints JSON only).
 *
 *   node scripts/build-if-needed.mjs [--force | --check]     (--check: exit 1 when a build is due, build nothing)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIRS = ['app', 'bot', 'content', 'adapters', 'web', 'scripts', 'eval'];
const SKIP = new Set([path.join(root, 'web', 'public'), path.join(root, 'node_modules'), path.join(root, 'dist')]);
const STAMP = path.join(root, 'dist', '.build-stamp');

function sources() {
  let newest = 0;
  let count = 0;
  const visit = (dir) => {
    if (SKIP.has(dir)) return;
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(ts|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        count++;
        newest = Math.max(newest, fs.statSync(full).mtimeMs);
      }
    }
  };
  for (const dir of DIRS) visit(path.join(root, dir));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) {
    count++;
    newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  }
  return { newest, count };
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

const now = sources();
const stamp = readStamp();
const upToDate = !process.argv.includes('--force') && stamp && stamp.newest >= now.newest && stamp.count === now.count && fs.existsSync(path.join(root, 'dist', 'app', 'main.js'));
if (upToDate) {
  process.stderr.write(`Lotse build is up to date (${now.count} sources unchanged).\n`);
  process.exit(0);
}
if (process.argv.includes('--check')) {
  process.stderr.write('A build is due: sources changed since the last build.\n');
  process.exit(1);
}
process.stderr.write(stamp ? 'Sources changed since the last build: building Lotse…\n' : 'Building Lotse (first build, takes a few seconds)…\n');
const started = Date.now();
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
// tsc reports errors on stdout: send them to stderr with the rest of the build's output.
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2], cwd: root });
if (result.status !== 0) {
  process.stderr.write('The build failed (see above); nothing was started.\n');
  process.exit(result.status ?? 1);
}
fs.writeFileSync(STAMP, `${JSON.stringify(now)}\n`);
process.stderr.write(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
