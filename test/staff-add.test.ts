/**
 * `npm run staff:add` uses the server's configuration (the account it writes is the one the
 * running server logs in), refuses a too-short password before asking for the repetition, and
 * takes `--role` and `--password-stdin`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { staffAdd, UsageError, type StaffAddIo } from '../scripts/staff-add';
import { startTestLotse, type TestLotse } from './helpers/lotse-server';
import { MemoryStore } from '../adapters/store/document';

let running: TestLotse;
beforeAll(async () => {
  running = await startTestLotse({ store: new MemoryStore() });
});
afterAll(async () => {
  await running?.stop();
});

function io(options: { answers?: string[]; stdin?: string; env?: NodeJS.ProcessEnv } = {}) {
  const asked: string[] = [];
  const printed: string[] = [];
  const answers = [...(options.answers ?? [])];
  const value: StaffAddIo = {
    env: { DATA_DIR: running.dataDir, ...options.env },
    cwd: process.cwd(),
    askHidden: async (q) => {
      asked.push(q);
      return answers.shift() ?? '';
    },
    readStdin: async () => options.stdin ?? '',
    out: (t) => void printed.push(t),
  };
  return { value, asked, printed };
}

async function login(username: string, password: string): Promise<number> {
  const res = await fetch(`${running.origin}/staff/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return res.status;
}

describe('staff:add', () => {
  it('writes the account where the server reads it ($DATA_DIR/staff.json), says so first, and the server logs the person in', async () => {
    const { value, printed, asked } = io({ answers: ['a long enough secret', 'a long enough secret'] });
    await staffAdd(['--username', 'Anna.Schmidt', '--name', 'Anna Schmidt'], value);
    expect(printed[0]).toContain(path.join(running.dataDir, 'staff.json'));
    expect(asked).toHaveLength(2);
    expect(await login('anna.schmidt', 'a long enough secret')).toBe(200);
  });

  it('refuses a too-short password before asking for the repetition', async () => {
    const { value, asked } = io({ answers: ['short', 'short'] });
    await expect(staffAdd(['--username', 'ben', '--name', 'Ben Yilmaz'], value)).rejects.toThrow(/at least 12 characters \(it has 5\)/);
    expect(asked).toHaveLength(1);
  });

  it('reads the password from standard input with --password-stdin and stores the role', async () => {
    const { value, asked } = io({ stdin: 'editor password 123\n' });
    await staffAdd(['--username', 'carla', '--name', 'Carla Nowak', '--role', 'editor', '--password-stdin'], value);
    expect(asked).toHaveLength(0);
    const file = JSON.parse(fs.readFileSync(path.join(running.dataDir, 'staff.json'), 'utf8'));
    expect(file.accounts.find((a: { username: string }) => a.username === 'carla')).toMatchObject({ role: 'editor', displayName: 'Carla Nowak' });
    expect(await login('carla', 'editor password 123')).toBe(200);
  });

  it('rejects an unknown role and missing arguments with the usage text', async () => {
    await expect(staffAdd(['--username', 'dora', '--name', 'Dora X', '--role', 'root', '--password-stdin'], io({ stdin: 'long enough password' }).value)).rejects.toBeInstanceOf(UsageError);
    await expect(staffAdd(['--username', 'dora'], io().value)).rejects.toThrow(/Usage: npm run staff:add/);
  });
});
