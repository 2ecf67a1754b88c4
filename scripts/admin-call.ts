/**
 * The operator commands that act on the running server (its throttles and store live in that
 * process) call its admin API on this machine with ADMIN_TOKEN:
 *
 *   npm run staff:unlock [-- --username anna]          lift staff login throttles (all without --username)
 *   npm run staff:unlock -- --list                      show them
 *   npm run data:erase -- --conversation <id>           erase a conversation and its user
 *
 * The server is found at ADMIN_URL, else http://127.0.0.1:$PORT (default 3978).
 */
import { loadConfig } from '../app/config';

function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const config = loadConfig(process.env);
  if (!config.adminToken) throw new Error('ADMIN_TOKEN is not set.');
  const base = process.env.ADMIN_URL ?? `http://127.0.0.1:${config.port || 3978}`;
  const res = await fetch(new URL(path, base), {
    method,
    headers: { Authorization: `Bearer ${config.adminToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(answer)}`);
  return answer;
}

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command === 'staff:unlock') {
    if (process.argv.includes('--list')) {
      process.stdout.write(`${JSON.stringify(await call('GET', '/admin/staff/lockouts'), null, 2)}\n`);
      return;
    }
    const username = arg('username');
    const result = (await call('POST', '/admin/staff/unlock', username ? { username } : {})) as { lifted: number };
    process.stdout.write(`lifted ${result.lifted} login throttle(s)${username ? ` of ${username}` : ''}\n`);
    return;
  }
  if (command === 'data:erase') {
    const conversationId = arg('conversation');
    if (!conversationId) throw new Error('Usage: npm run data:erase -- --conversation <id>');
    process.stdout.write(`${JSON.stringify(await call('POST', '/admin/erase', { conversationId }))}\n`);
    return;
  }
  throw new Error('Unknown command (staff:unlock | data:erase).');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
