/**
 * `npm run bench:load [-- --minutes N]`: load on Lotse's Direct Line as Web Chat makes it
 * (websocket stream, one message after another per citizen), from a client in a separate process,
 * next to a bare express JSON echo server driven by the same client in the same run.
 *
 * Prints, for 50 and 200 concurrent conversations (10 messages each; BENCH_SIZES to change):
 * messages per second, p50/p99 latency from POST to the reply on the socket, and the ratio to the
 * echo server. Then the server's RSS idle and after 10,000 conversations (1 message each), and
 * with `--minutes N` (max 10) a continuous 200-conversation run with figures per minute.
 *
 * Bounded: loopback only, at most 200 conversations at once, 10 messages per conversation.
 * Figures depend on the machine and what else runs on it; they are not pass/fail.
 */
import os from 'node:os';
import type { ClientResult } from './bench-client';
import { minutesArg, rssMb, runClient, startBenchServers, summary, table } from './bench-server';

function sizes(): number[] {
  const raw = (process.env.BENCH_SIZES ?? '50,200').split(',').map((s) => Number.parseInt(s, 10));
  return raw.filter((n) => Number.isFinite(n) && n > 0).map((n) => Math.min(n, 200));
}

function errorsOf(result: ClientResult): string {
  const entries = Object.entries(result.errors);
  return entries.length === 0 ? '0' : entries.map(([reason, n]) => `${n}×${reason}`).join(', ');
}

async function main(): Promise<void> {
  const minutes = process.argv.includes('--minutes') ? minutesArg(1, 10) : 0;
  const servers = await startBenchServers();
  let offset = 0;
  const job = (target: 'directline' | 'echo', conversations: number, messages: number, seconds = 0, webSocket = true) => {
    offset += 20_000;
    return { target, url: target === 'directline' ? servers.directLine : servers.echo, conversations, messagesPerConversation: messages, seconds, webSocket, offset };
  };
  const out = process.stdout;
  try {
    const idle = rssMb();
    await runClient(job('directline', 4, 3)); // warm-up: the language models build on first use
    out.write(`Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; server RSS idle ${idle} MB\n`);
    const rows: string[][] = [];
    for (const n of sizes()) {
      const dl = await runClient(job('directline', n, 10));
      const echo = await runClient(job('echo', n, 10));
      const d = summary(dl.samples, dl.seconds);
      const e = summary(echo.samples, echo.seconds);
      rows.push(['Direct Line + Lotse (websocket)', String(n), d.perSecond.toFixed(0), d.p50.toFixed(1), d.p99.toFixed(1), (d.perSecond / e.perSecond).toFixed(2), errorsOf(dl)]);
      rows.push(['bare express echo', String(n), e.perSecond.toFixed(0), e.p50.toFixed(1), e.p99.toFixed(1), '1.00', errorsOf(echo)]);
    }
    out.write(`\n${table(['server', 'conv', 'msg/s', 'p50 ms', 'p99 ms', 'vs echo', 'errors'], rows)}\n`);

    const many = await runClient({ ...job('directline', 200, 1, 0, false), conversations: 200 }, undefined);
    let total = many.conversations;
    while (total < 10_000) {
      const more = await runClient(job('directline', 200, 1, 5, false));
      total += more.conversations;
    }
    out.write(`server RSS after ${total} conversations (1 message each): ${rssMb()} MB (idle was ${idle} MB)\n`);

    if (minutes > 0) {
      const perMinute: string[][] = [];
      await runClient(job('directline', 200, 10, minutes * 60), (samples, seconds) => {
        const s = summary(samples, seconds);
        perMinute.push([`minute ${perMinute.length + 1}`, s.perSecond.toFixed(0), s.p50.toFixed(1), s.p99.toFixed(1), String(rssMb())]);
        out.write(`minute ${perMinute.length}: ${s.perSecond.toFixed(0)} msg/s, p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, RSS ${rssMb()} MB\n`);
      });
      out.write(`\n200 conversations for ${minutes} min (new conversation after 10 messages):\n${table(['', 'msg/s', 'p50 ms', 'p99 ms', 'RSS MB'], perMinute)}`);
    }
  } finally {
    await servers.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-load failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
