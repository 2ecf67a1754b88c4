/**
 * `npm run db:migrate` — applies the pending PostgreSQL migrations to DATABASE_URL (schema
 * DATABASE_SCHEMA, default public) and says which it applied. Instances also migrate at start-up;
 * both hold the same advisory lock, so running this beside starting instances is safe.
 */
import pg from 'pg';
import { migratePostgres } from '../adapters/store/postgres';
import { ConfigError, loadConfig } from '../app/config';

export async function dbMigrate(env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      out(error.message);
      return 2;
    }
    throw error;
  }
  if (!config.databaseUrl) {
    out('DATABASE_URL is not set: the embedded store needs no migrations.');
    return 2;
  }
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1, connectionTimeoutMillis: 10_000, application_name: 'lotse-migrate' });
  try {
    const applied = await migratePostgres(pool, config.databaseSchema ?? 'public');
    out(applied.length ? `applied migrations ${applied.join(', ')}` : 'database is up to date');
    return 0;
  } catch (error) {
    // The connection string may hold a password: name the failure, never echo the URL.
    out(`migration failed: ${(error as { code?: string }).code ?? (error as Error).name}`);
    return 1;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  void dbMigrate(process.env, (line) => console.log(line)).then((code) => {
    process.exitCode = code;
  });
}
