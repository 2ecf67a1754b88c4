/**
 * The PostgreSQL schema, as versioned forward-only migrations. A migration is never edited once
 * released: a change is a new entry with the next version. `{schema}` is replaced by the quoted
 * schema name (tests use a private schema per file; production the default `public`).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'items',
    sql: `CREATE TABLE {schema}.lotse_items (
      collection text NOT NULL,
      key text NOT NULL,
      value jsonb NOT NULL,
      etag text NOT NULL,
      expires_at timestamptz,
      PRIMARY KEY (collection, key)
    );
    CREATE INDEX lotse_items_expiry ON {schema}.lotse_items (expires_at) WHERE expires_at IS NOT NULL;`,
  },
];
