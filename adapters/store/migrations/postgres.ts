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
  {
    version: 2,
    name: 'commit_function',
    // The whole commit in one statement, i.e. one round trip and one transaction: `ops` is a JSON
    // array of {c: collection, k: key, d: delete?, v: value, e: new etag, x: expiry, keep, m: 'absent'|'etag', i: ifMatch}.
    // A failed precondition raises SQLSTATE LT412 with the op's index as detail; everything rolls back.
    sql: `CREATE FUNCTION {schema}.lotse_commit(ops jsonb, now_at timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
    DECLARE
      op jsonb;
      idx integer := 0;
      changed integer;
    BEGIN
      FOR op IN SELECT value FROM jsonb_array_elements(ops) LOOP
        IF (op->>'d')::boolean THEN
          DELETE FROM {schema}.lotse_items WHERE collection = op->>'c' AND key = op->>'k';
        ELSIF op->>'m' = 'absent' THEN
          INSERT INTO {schema}.lotse_items AS t (collection, key, value, etag, expires_at)
          VALUES (op->>'c', op->>'k', op->'v', op->>'e', (op->>'x')::timestamptz)
          ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, etag = excluded.etag, expires_at = excluded.expires_at
          WHERE t.expires_at IS NOT NULL AND t.expires_at <= now_at;
          GET DIAGNOSTICS changed = ROW_COUNT;
          IF changed <> 1 THEN RAISE EXCEPTION USING ERRCODE = 'LT412', MESSAGE = 'precondition failed', DETAIL = idx::text; END IF;
        ELSIF op->>'m' = 'etag' THEN
          UPDATE {schema}.lotse_items SET value = op->'v', etag = op->>'e',
            expires_at = CASE WHEN (op->>'keep')::boolean AND expires_at IS NOT NULL THEN expires_at ELSE (op->>'x')::timestamptz END
          WHERE collection = op->>'c' AND key = op->>'k' AND etag = op->>'i' AND (expires_at IS NULL OR expires_at > now_at);
          GET DIAGNOSTICS changed = ROW_COUNT;
          IF changed <> 1 THEN RAISE EXCEPTION USING ERRCODE = 'LT412', MESSAGE = 'precondition failed', DETAIL = idx::text; END IF;
        ELSE
          INSERT INTO {schema}.lotse_items AS t (collection, key, value, etag, expires_at)
          VALUES (op->>'c', op->>'k', op->'v', op->>'e', (op->>'x')::timestamptz)
          ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value, etag = excluded.etag,
            expires_at = CASE WHEN (op->>'keep')::boolean AND t.expires_at IS NOT NULL AND t.expires_at > now_at THEN t.expires_at ELSE excluded.expires_at END;
        END IF;
        idx := idx + 1;
      END LOOP;
    END
    $fn$;`,
  },
];
