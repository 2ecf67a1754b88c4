/**
 * DATABASE_URL selects the PostgreSQL store: two Lotse servers started at the same time on one
 * database migrate once, report ready, and continue each other's conversations.
 */
import { startTestLotse, type TestLotse } from './helpers/lotse-server';
import { PostgresStore } from '../adapters/store/postgres';
import { POSTGRES_MIGRATIONS } from '../adapters/store/migrations/postgres';
import { SqliteStore } from '../adapters/store/sqlite';
import { COLLECTIONS } from '../bot/state';
import type { ActivityJson, ConversationAddress } from '../bot/core/contracts';
import { loadConfig, ConfigError } from '../app/config';
import { cuttableRelay, privateSchemas } from './support/postgres';

const pg = privateSchemas('server');
const running: TestLotse[] = [];
const relays: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const r of relays) await r.close();
  for (const r of running) await r.stop();
  await pg.dropAll();
});

const msg = (text: string): ActivityJson => ({ type: 'message', text, locale: 'de', from: { id: 'citizen-1' } }) as ActivityJson;

describe('Lotse with DATABASE_URL', () => {
  it('runs two instances on one PostgreSQL database that continue each other’s conversations', async () => {
    const schema = await pg.create();
    // Instance A reaches the database through a relay the test can cut.
    const relay = await cuttableRelay();
    relays.push(relay);
    const env = { DATABASE_URL: pg.url, DATABASE_SCHEMA: schema };
    const [a, b] = await Promise.all([startTestLotse({ env: { ...env, DATABASE_URL: relay.url } }), startTestLotse({ env })]);
    running.push(a, b);
    expect(a.lotse.store).toBeInstanceOf(PostgresStore);
    for (const instance of [a, b]) expect((await fetch(`${instance.origin}/healthz`)).status).toBe(200);
    const { rows } = await pg.admin.query(`SELECT count(*)::int AS n FROM "${schema}".schema_migrations`);
    expect(rows[0].n).toBe(POSTGRES_MIGRATIONS.length);

    const address: ConversationAddress = { channelId: 'directline', conversationId: 'conv-pg-1', userId: 'user-pg-1' };
    const first = await a.lotse.bot.onActivity(msg('Wann kommt mein Geld?'), address);
    expect(first.activities.length).toBeGreaterThan(0);
    // Instance B sees the conversation instance A stored, and answers its next turn.
    expect((await b.lotse.store.list(COLLECTIONS.conversations)).length).toBeGreaterThan(0);
    const second = await b.lotse.bot.onActivity(msg('Und wie beantrage ich Bürgergeld?'), address);
    expect(second.activities.length).toBeGreaterThan(0);
    expect((await a.lotse.store.list(COLLECTIONS.transcripts)).length).toBeGreaterThan(0);

    // A loses its database: it reports not ready (the 5-s check, run now), B stays ready.
    await relay.cut();
    await (a.lotse.store as PostgresStore).ping();
    expect((await fetch(`${a.origin}/healthz`)).status).toBe(503);
    expect((await fetch(`${b.origin}/healthz`)).status).toBe(200);
    await relay.restore();
    await (a.lotse.store as PostgresStore).ping();
    expect((await fetch(`${a.origin}/healthz`)).status).toBe(200);
    expect((await a.lotse.bot.onActivity(msg('Danke'), address)).activities.length).toBeGreaterThan(0);
  }, 180_000);

  it('keeps the embedded SQLite store without DATABASE_URL', async () => {
    const plain = await startTestLotse();
    running.push(plain);
    expect(plain.lotse.store).toBeInstanceOf(SqliteStore);
  }, 120_000);

  it('refuses a DATABASE_URL that is not a postgres:// URL, naming the variable', () => {
    for (const bad of ['mysql://x@localhost/db', 'not a url']) {
      expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_URL: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_URL: bad })).toThrow(/DATABASE_URL/);
    }
    expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_URL: pg.url, DATABASE_SCHEMA: 'a;drop' })).toThrow(/DATABASE_SCHEMA/);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://lotse:pw@db:5432/lotse' }).databaseUrl).toBe('postgresql://lotse:pw@db:5432/lotse');
  });
});
