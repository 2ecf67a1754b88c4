/**
 * The load client of `npm run bench:load` and `npm run bench:soak`. It runs in its own process
 * (forked by the bench scripts), so the server's figures are not measured by a client competing
 * for the same event loop.
 *
 * A simulated citizen does what Web Chat does: POST /conversations, open the websocket stream,
 * then per message POST the activity and wait until the bot's reply (replyToId = the posted id)
 * arrives on the socket. The latency recorded is from sending the POST to seeing the reply.
 * Against the bare echo server the same citizen POSTs the JSON and waits for the echoed body.
 *
 * Each citizen gets its own X-Forwarded-For address (the app trusts loopback proxies), so the
 * per-address limits apply per citizen as in production. Bounded: loopback only, at most 200
 * citizens at once, 10 messages per conversation (then a new conversation, like a new citizen).
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface ClientJob {
  target: 'directline' | 'echo';
  /** Direct Line domain (…/v3/directline) or the echo server's base URL. */
  url: string;
  conversations: number;
  messagesPerConversation: number;
  /** Run whole conversations once each (0) or keep starting new ones for this many seconds. */
  seconds: number;
  /** Use the websocket stream (Web Chat) or only REST posts (reply stored before `200 {id}`). */
  webSocket: boolean;
  /** First citizen number (distinct addresses per row). */
  offset: number;
}

export interface ClientSample {
  /** ms since the job started, latency ms */
  at: number;
  ms: number;
}

export interface ClientResult {
  samples: ClientSample[];
  errors: Record<string, number>;
  seconds: number;
  conversations: number;
}

const REQUEST_TIMEOUT_MS = 15_000;
const MAX_CONCURRENCY = 200;
const MAX_MESSAGES = 10;
const QUESTIONS = [
  'Wann wird das Bürgergeld überwiesen?',
  'Ich habe einen Brief vom Jobcenter bekommen und verstehe ihn nicht.',
  'Wie beantrage ich einen Weiterbewilligungsantrag?',
  'Was muss ich tun, wenn ich umziehe?',
  'Hallo',
];

function address(citizen: number): string {
  return `10.${64 + Math.floor(citizen / 62500) % 64}.${Math.floor(citizen / 250) % 250}.${(citizen % 250) + 1}`;
}

async function json(url: string, init: RequestInit & { headers: Record<string, string> }): Promise<{ status: number; body: any }> {
  if (!/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url)) throw new Error('bench targets loopback only');
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

type Record_ = (ms: number) => void;

async function directLineConversation(job: ClientJob, citizen: number, record: Record_, until: number): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Forwarded-For': address(citizen) };
  const started = await json(`${job.url}/conversations`, { method: 'POST', headers });
  if (started.status !== 201) throw new Error(`start ${started.status}`);
  const { conversationId, token, streamUrl } = started.body as { conversationId: string; token: string; streamUrl: string };
  headers.Authorization = `Bearer ${token}`;
  const seen = new Set<string>();
  const waiters = new Map<string, () => void>();
  let socket: WebSocket | undefined;
  if (job.webSocket) {
    socket = new WebSocket(streamUrl, { headers: { 'X-Forwarded-For': address(citizen) } });
    await new Promise<void>((resolve, reject) => {
      socket?.once('open', () => resolve());
      socket?.once('error', reject);
    });
    socket.on('error', () => undefined);
    socket.on('message', (data) => {
      const batch = JSON.parse(String(data)) as { activities: Array<{ replyToId?: string }> };
      for (const a of batch.activities) {
        if (!a.replyToId) continue;
        seen.add(a.replyToId);
        waiters.get(a.replyToId)?.();
      }
    });
  }
  try {
    for (let i = 0; i < job.messagesPerConversation && Date.now() < until; i++) {
      const t0 = performance.now();
      const activity = { type: 'message', text: QUESTIONS[(citizen + i) % QUESTIONS.length], locale: 'de-DE', from: { id: `bench-${citizen}` } };
      const posted = await json(`${job.url}/conversations/${conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify(activity) });
      if (posted.status !== 200) throw new Error(`post ${posted.status}`);
      const id = posted.body.id as string;
      if (socket && !seen.has(id)) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no reply on the stream')), REQUEST_TIMEOUT_MS);
          waiters.set(id, () => {
            clearTimeout(timer);
            resolve();
          });
        });
        waiters.delete(id);
      }
      record(performance.now() - t0);
    }
  } finally {
    socket?.close();
  }
}

async function echoConversation(job: ClientJob, citizen: number, record: Record_, until: number): Promise<void> {
  const headers = { 'Content-Type': 'application/json' };
  for (let i = 0; i < job.messagesPerConversation && Date.now() < until; i++) {
    const t0 = performance.now();
    const body = JSON.stringify({ type: 'message', text: QUESTIONS[(citizen + i) % QUESTIONS.length], from: { id: `bench-${citizen}` } });
    const res = await json(`${job.url}/echo`, { method: 'POST', headers, body });
    if (res.status !== 200 || res.body.text === undefined) throw new Error(`echo ${res.status}`);
    record(performance.now() - t0);
  }
}

export async function runJob(job: ClientJob, onMinute?: (samples: ClientSample[], seconds: number) => void): Promise<ClientResult> {
  const conversations = Math.min(MAX_CONCURRENCY, job.conversations);
  const messages = Math.min(MAX_MESSAGES, Math.max(1, job.messagesPerConversation));
  const bounded = { ...job, messagesPerConversation: messages };
  const samples: ClientSample[] = [];
  const errors: Record<string, number> = {};
  const t0 = performance.now();
  const until = job.seconds > 0 ? Date.now() + job.seconds * 1000 : Date.now() + 120_000;
  let next = job.offset;
  let started = 0;
  let minuteFrom = 0;
  let minuteStarted = performance.now();
  const minuteTimer = onMinute
    ? setInterval(() => {
        onMinute(samples.slice(minuteFrom), 60);
        minuteFrom = samples.length;
        minuteStarted = performance.now();
      }, 60_000)
    : undefined;
  const one = bounded.target === 'directline' ? directLineConversation : echoConversation;
  await Promise.all(
    Array.from({ length: conversations }, async () => {
      do {
        const citizen = next++;
        started += 1;
        await one(bounded, citizen, (ms) => samples.push({ at: performance.now() - t0, ms }), until).catch((error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          errors[reason] = (errors[reason] ?? 0) + 1;
        });
      } while (job.seconds > 0 && Date.now() < until);
    }),
  );
  if (minuteTimer) clearInterval(minuteTimer);
  // A last part-minute only when it is long enough to say something (not just the final replies).
  const rest = (performance.now() - minuteStarted) / 1000;
  if (onMinute && rest >= 20 && samples.length > minuteFrom) onMinute(samples.slice(minuteFrom), rest);
  return { samples, errors, seconds: (performance.now() - t0) / 1000, conversations: started };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Forked as a child: gets one job over IPC, reports minutes and the result the same way. */
if (require.main === module) {
  process.once('message', (job: ClientJob) => {
    runJob(job, (minute, seconds) => process.send?.({ kind: 'minute', samples: minute, seconds })).then(
      (result) => process.send?.({ kind: 'result', result }, () => process.exit(0)),
      (error: unknown) => {
        process.stderr.write(`bench client failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
