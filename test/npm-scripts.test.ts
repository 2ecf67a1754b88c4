/**
 * Setup friction (issue 16): npm is not silenced for `npm install`; `npm run -s eval -- --json`
 * prints only JSON; `npm start` builds only when a source changed and says which it did.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const stampFile = path.join(root, 'dist', '.build-stamp');

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm in this project', () => {
  it('is not silenced by a project .npmrc (npm install shows its progress and warnings)', () => {
    const loglevel = run('npm', ['config', 'get', 'loglevel']);
    expect(loglevel.stdout.trim()).not.toBe('silent');
  });

  it('`npm run -s eval -- --json` prints one JSON object and nothing else on stdout', () => {
    const result = run('npm', ['run', '-s', 'eval', '--', '--json']);
    expect(result.status).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.overall.inScopeAccuracy).toBeGreaterThan(0);
  }, 600_000);
});

describe('the build before npm start', () => {
  beforeAll(() => {
    // Bring dist/ up to date first (the first build of a clean clone).
    expect(run(process.execPath, ['scripts/build-if-needed.mjs']).status).toBe(0);
  }, 600_000);

  it('skips an up-to-date build and says so on stderr', () => {
    const result = run(process.execPath, ['scripts/build-if-needed.mjs']);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/Lotse build is up to date \(\d+ sources unchanged\)/);
    expect(result.stdout).toBe('');
  });

  it('notices a changed source (here: a stamp older than the sources)', () => {
    const saved = fs.readFileSync(stampFile, 'utf8');
    try {
      const stamp = JSON.parse(saved) as { newest: number; count: number };
      fs.writeFileSync(stampFile, JSON.stringify({ ...stamp, newest: stamp.newest - 1000 }));
      const check = run(process.execPath, ['scripts/build-if-needed.mjs', '--check']);
      expect(check.status).toBe(1);
      expect(check.stderr).toMatch(/A build is due/);
      fs.writeFileSync(stampFile, JSON.stringify({ ...stamp, count: stamp.count + 1 })); // a source deleted
      expect(run(process.execPath, ['scripts/build-if-needed.mjs', '--check']).status).toBe(1);
    } finally {
      fs.writeFileSync(stampFile, saved);
    }
    expect(run(process.execPath, ['scripts/build-if-needed.mjs', '--check']).status).toBe(0);
  });
});
