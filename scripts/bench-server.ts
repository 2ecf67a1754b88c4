/**
 * The servers the load benchmarks drive: the real Lotse (bootstrap + startServer with the
 * shipped content, SQLite store in a temporary DATA_DIR) and a bare express JSON echo server,
 * both on 127.0.0.1; and the client process that loads them (scripts/bench-client.ts).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { loadConfig } from '../app/config';
import { bootstrap } from '../app/bootstrap';
import { startServer } from '../app/server';
import { percentile, type ClientJob, type ClientResult, type ClientSample } from './bench-client';

export interface BenchServers {
  directLine: string;
  echo: string;
  close(): Promise<void>;
}

export async function startBenchServers(): Promise<BenchServers> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-'));
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', DATA_DIR: dataDir, PUBLIC_URL: '', LOG_LEVEL: 'silent' });
  const lotse = await bootstrap(config);
  const running = await startServer(lotse);
  const app = express();
  app.use(express.json({ limit: '32kb' }));
  app.post('/echo', (req, res) => {
    res.json(req.body);
  });
  const echo = http.createServer(app);
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const port = (server: http.Server): number => (server.address() as { port: number }).port;
  return {
    directLine: `http://127.0.0.1:${port(running.server)}/v3/directline`,
    echo: `http://127.0.0.1:${port(echo)}`,
    async close() {
      echo.closeAllConnections();
      await new Promise<void>((resolve) => echo.close(() => resolve()));
      await running.close();
      await lotse.shutdown();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs one job in a separate client process; `onMinute` gets each minute's samples. */
export function runClient(job: ClientJob, onMinute?: (samples: ClientSample[], seconds: number) => void): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'bench-client.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: ClientResult | undefined;
    child.on('message', (message: { kind: 'minute'; samples: ClientSample[]; seconds: number } | { kind: 'result'; result: ClientResult }) => {
      if (message.kind === 'minute') onMinute?.(message.samples, message.seconds);
      else result = message.result;
    });
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`bench client exited with ${code}`))));
    child.send(job);
  });
}

export function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 1048576);
}

export function summary(samples: ClientSample[], seconds: number): { perSecond: number; p50: number; p99: number } {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { perSecond: samples.length / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return `${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(format).join('\n')}\n`;
}

/** `--minutes N` from the command line (bounded), or the default. */
export function minutesArg(fallback: number, max: number): number {
  const i = process.argv.indexOf('--minutes');
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? Math.min(max, value) : fallback;
}
