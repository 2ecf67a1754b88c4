/**
 * The whole Lotse server as `npm start` builds it (bootstrap + HTTP on 127.0.0.1:0), with a
 * throw-away data dir, an optional fixed clock, staff accounts and environment overrides.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootstrap, type Lotse } from '../../app/bootstrap';
import { loadConfig, type Config } from '../../app/config';
import { startServer, type RunningServer } from '../../app/server';
import { StaffAccounts } from '../../adapters/staff/accounts';
import type { Store } from '../../bot/core/store';

export interface TestLotse {
  lotse: Lotse;
  server: RunningServer;
  config: Config;
  /** http://127.0.0.1:<port> */
  origin: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestLotse(
  options: { now?: () => Date; store?: Store; staff?: Array<{ username: string; displayName: string; password: string; admin?: boolean }>; env?: Record<string, string> } = {},
): Promise<TestLotse> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-test-'));
  const config = loadConfig(
    { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_SALT: 'test-salt', DIRECTLINE_SECRET: 'test-secret-0123456789abcdef0123', ...options.env },
    path.resolve(__dirname, '..', '..'),
  );
  const accounts = new StaffAccounts(config.staffFile);
  for (const s of options.staff ?? []) await accounts.add(s.username, s.displayName, s.password, new Date(), s.admin ? 'admin' : 'staff');
  const lotse = await bootstrap(config, undefined, options.store, { now: options.now });
  const server = await startServer(lotse);
  return {
    lotse,
    server,
    config,
    origin: new URL(server.url).origin,
    dataDir,
    async stop() {
      await server.close();
      await lotse.shutdown();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
