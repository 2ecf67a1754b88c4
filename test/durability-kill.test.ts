/**
 * Acknowledged means stored (issue 9): the real server (`app/main.ts`, SQLite store in DATA_DIR)
 * runs as a child process while several citizens chat over Direct Line; it is killed with
 * SIGKILL at random moments, at least 20 times, and restarted on the same DATA_DIR. Afterwards
 * every message that got `200 {id}` is in the stored history under that id with its text (ids
 * never reused), has a stored reply, and every stored user message has been answered (turns
 * interrupted by a kill are answered after the restart). Conversations continue across restarts
 * with the tokens they got before.
 *
 * Runs `KILL_RUNS` kills (default 20). Startup dominates the run time: on an idle machine about
 * 1 s per restart; on a loaded one far more (hence the generous timeout).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../adapters/store/sqlite';
import { ACTIVITIES, CONVERSATIONS, type StoredConversation } from '../adapters/directline/journal';
import type { ActivityJson } from '../bot/core/contracts';

const ROOT = path.resolve(__dirname, '..');
const KILLS = Number.parseInt(process.env.KILL_RUNS ?? '', 10) || 20;
const debug = (line: string): void => {
  if (process.env.KILL_DEBUG) fs.appendFileSync(process.env.KILL_DEBUG, `${new Date().toISOString()} ${line}\n`);
};
const CONVERSATIONS_N = 8;
/** Stays inside the stored window of 100 activities per conversation. */
const MAX_MESSAGES_PER_CONVERSATION = 30;
const QUESTIONS = ['Wann wird das Bürgergeld überwiesen?', 'Was muss ich tun, wenn ich umziehe?', 'Wie beantrage ich einen Weiterbewilligungsantrag?', 'Hallo'];

interface Server {
  child: ChildProcess;
  domain: string;
  exited: Promise<void>;
}

function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test/helpers/swc-register.js'), path.join(ROOT, 'app/main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DIRECTLINE_SECRET: 'kill-test-secret-0123456789abcdef',
      LOG_SALT: 'kill-test-salt',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  debug(`spawned ${child.pid}`);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err.slice(-500)}`)), 120_000);
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Open the chat page: (http:\/\/[^/\s]+)\//.exec(out);
      if (match) {
        debug(`listening ${match[1]}`);
        clearTimeout(timer);
        resolve({ child, domain: `${match[1]}/v3/directline`, exited });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${err.slice(-500)}`));
    });
  });
}

async function kill(server: Server): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

interface Citizen {
  id: string;
  token: string;
  address: string;
  acked: Array<{ id: string; text: string }>;
  sent: number;
  busy: boolean;
}

async function request(url: string, init: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

/** Sends messages one after another until the server dies (a failed request ends the loop). */
async function chat(server: Server, citizen: Citizen, stop: () => boolean): Promise<void> {
  while (!stop() && citizen.acked.length < MAX_MESSAGES_PER_CONVERSATION) {
    const text = `${QUESTIONS[citizen.sent % QUESTIONS.length]} (${citizen.address} #${citizen.sent})`;
    citizen.sent += 1;
    let res;
    citizen.busy = true;
    try {
      res = await request(`${server.domain}/conversations/${citizen.id}/activities`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${citizen.token}`, 'X-Forwarded-For': citizen.address },
        body: JSON.stringify({ type: 'message', text, locale: 'de-DE', from: { id: `citizen-${citizen.address}` } }),
      });
    } catch {
      return; // killed mid-request: not acknowledged
    } finally {
      citizen.busy = false;
    }
    if (res.status === 200) citizen.acked.push({ id: res.body.id, text });
    else if (res.status === 429) await new Promise((resolve) => setTimeout(resolve, 200));
    else throw new Error(`unexpected ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

test(`no acknowledged message or reply is lost over ${KILLS} kill -9 restarts`, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-kill-'));
  let server = await startServer(dataDir);
  try {
    await killAndCheck();
  } finally {
    server.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  async function killAndCheck(): Promise<void> {
    const citizens: Citizen[] = [];
    for (let i = 0; i < CONVERSATIONS_N; i++) {
      const address = `10.99.0.${i + 1}`;
      const res = await request(`${server.domain}/conversations`, { method: 'POST', headers: { 'X-Forwarded-For': address } });
      expect(res.status).toBe(201);
      citizens.push({ id: res.body.conversationId, token: res.body.token, address, acked: [], sent: 0, busy: false });
    }
    let killsWhileBusy = 0;
    for (let run = 0; run < KILLS; run++) {
      let stopped = false;
      const chats = citizens.map((c) => chat(server, c, () => stopped).catch((error: unknown) => error));
      // A random moment while messages are being answered: after this start's first acknowledgement.
      const before = citizens.reduce((n, c) => n + c.acked.length, 0);
      for (let waited = 0; waited < 30_000 && citizens.reduce((n, c) => n + c.acked.length, 0) === before; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 600));
      debug(`run ${run}: kill, acked ${citizens.reduce((n, c) => n + c.acked.length, 0)}`);
      const inFlight = citizens.filter((c) => c.busy).length;
      await kill(server);
      stopped = true;
      for (const outcome of await Promise.all(chats)) if (outcome instanceof Error) throw outcome;
      if (inFlight > 0) killsWhileBusy += 1;
      server = await startServer(dataDir);
    }

    // The last start answers what the kills interrupted; give it a moment, then stop it cleanly.
    const acked = citizens.flatMap((c) => c.acked);
    await Promise.all(
      citizens.map(async (c) => {
        for (let i = 0; i < 100; i++) {
          const res = await request(`${server.domain}/conversations/${c.id}/activities`, { method: 'GET', headers: { Authorization: `Bearer ${c.token}`, 'X-Forwarded-For': c.address } });
          expect(res.status).toBe(200);
          const activities = res.body.activities as ActivityJson[];
          const users = activities.filter((a) => (a.from as { role?: string }).role === 'user');
          if (users.every((u) => activities.some((a) => a.replyToId === u.id))) return activities.length;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error('interrupted turns were not answered after the restart');
      }),
    );
    await kill(server);

    const store = SqliteStore.open(dataDir);
    try {
      const stored = new Map((await store.list<ActivityJson>(ACTIVITIES)).map((item) => [item.key, item.value]));
      const repliesTo = new Set([...stored.values()].map((a) => a.replyToId).filter(Boolean));
      const lost = acked.filter((m) => stored.get(m.id)?.text !== m.text);
      const unanswered = acked.filter((m) => !repliesTo.has(m.id));
      const userMessagesWithoutReply = [...stored.values()].filter((a) => (a.from as { role?: string }).role === 'user' && !repliesTo.has(a.id));
      for (const c of citizens) {
        const meta = (await store.read<StoredConversation>(CONVERSATIONS, c.id))?.value;
        expect(meta?.unanswered).toEqual([]);
      }
      process.stdout.write(
        `kill test: ${KILLS} kills (${killsWhileBusy} with requests in flight), ${acked.length} acknowledged messages, ${lost.length} lost, ${unanswered.length} without reply, ${stored.size} activities stored\n`,
      );
      // On a loaded machine a turn outlasts the random delay, so a run may acknowledge only one message.
      expect(acked.length).toBeGreaterThanOrEqual(KILLS / 2);
      expect(killsWhileBusy).toBeGreaterThanOrEqual(KILLS / 2);
      expect(new Set(acked.map((m) => m.id)).size).toBe(acked.length);
      expect(lost).toEqual([]);
      expect(unanswered).toEqual([]);
      expect(userMessagesWithoutReply).toEqual([]);
    } finally {
      await store.close();
    }
  }
}, 1_200_000);
