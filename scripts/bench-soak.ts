/**
 * `npm run bench:soak [-- --minutes N]` (default 30, max 240): a steady load of 50 Web Chat
 * conversations (websocket, a new conversation after 10 messages) on the real Lotse, from a
 * client in a separate process. Prints per minute the server's RSS, messages per second and
 * p50/p99 latency, so memory growth and latency drift show. Loopback only, bounded.
 */
import { minutesArg, rssMb, runClient, startBenchServers, summary, table } from './bench-server';

async function main(): Promise<void> {
  const minutes = minutesArg(30, 240);
  const servers = await startBenchServers();
  const out = process.stdout;
  const rows: string[][] = [];
  try {
    out.write(`soak: 50 conversations for ${minutes} min; server RSS idle ${rssMb()} MB\n`);
    await runClient(
      { target: 'directline', url: servers.directLine, conversations: 50, messagesPerConversation: 10, seconds: minutes * 60, webSocket: true, offset: 0 },
      (samples, seconds) => {
        const s = summary(samples, seconds);
        const row = [`minute ${rows.length + 1}`, String(rssMb()), s.perSecond.toFixed(0), s.p50.toFixed(1), s.p99.toFixed(1)];
        rows.push(row);
        out.write(`${row[0]}: RSS ${row[1]} MB, ${row[2]} msg/s, p50 ${row[3]} ms, p99 ${row[4]} ms\n`);
      },
    );
    out.write(`\n${table(['', 'RSS MB', 'msg/s', 'p50 ms', 'p99 ms'], rows)}`);
  } finally {
    await servers.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-soak failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
