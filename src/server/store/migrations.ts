/*
 * One numbered list of migrations for both stores; each step says its SQL per dialect where
 * they differ (PostGIS geometry, booleans, blobs). Hand-written rather than through kysely:
 * better-sqlite3 is synchronous and pg asynchronous, so each store runs plain SQL anyway and a
 * query builder would add a dependency for a dozen statements.
 */

export type Dialect = 'sqlite' | 'postgres';
export type Migration = {readonly version: number; readonly name: string; readonly sql: Record<Dialect, string>};

const both = (sql: string): Record<Dialect, string> => ({sqlite: sql, postgres: sql});

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'users, devices, plots, op log, conflicts, photos',
    sql: {
      sqlite: `
        create table meta (key text primary key, value text not null);
        create table counter (id integer primary key check (id = 1), value integer not null);
        insert into counter (id, value) values (1, 0);
        create table users (
          id text primary key, name text not null unique, role text not null, team text,
          password_hash text not null, disabled integer not null default 0, created_at text not null);
        create table devices (
          id text primary key, user_id text not null references users(id), name text not null,
          refresh_hash text not null unique, revoked integer not null default 0, created_at text not null);
        create table plots (
          id text primary key, version integer not null, deleted integer not null, seq integer not null unique,
          name text, zone text, measure text, status text, completed text, team text, notes text, updated text,
          geometry text not null, plot text not null);
        create table ops (
          op_id text primary key, seq integer, plot_id text not null, kind text not null,
          user_id text not null, device_id text not null, received_at text not null,
          status text not null, version integer not null, conflict_id text, reason text, body text not null);
        create index ops_plot on ops (plot_id);
        create trigger ops_no_update before update on ops begin select raise(abort, 'the op log is append-only'); end;
        create trigger ops_no_delete before delete on ops begin select raise(abort, 'the op log is append-only'); end;
        create table conflicts (
          id text primary key, seq integer not null, plot_id text not null, op_id text not null, reason text not null,
          fields text not null, user_name text not null, device_id text not null, created_at text not null,
          resolved integer not null default 0, resolved_by text, resolved_op text);
        create index conflicts_seq on conflicts (seq);
        create table quarantine (
          id integer primary key autoincrement, device_id text not null, user_id text not null,
          received_at text not null, body text not null);
        create table photos (sha256 text primary key, bytes blob not null, size integer not null, content_type text not null, user_id text not null, created_at text not null);
      `,
      postgres: `
        create table meta (key text primary key, value text not null);
        create table counter (id integer primary key check (id = 1), value bigint not null);
        insert into counter (id, value) values (1, 0);
        create table users (
          id text primary key, name text not null unique, role text not null, team text,
          password_hash text not null, disabled boolean not null default false, created_at timestamptz not null);
        create table devices (
          id text primary key, user_id text not null references users(id), name text not null,
          refresh_hash text not null unique, revoked boolean not null default false, created_at timestamptz not null);
        create table plots (
          id text primary key, version integer not null, deleted boolean not null, seq bigint not null unique,
          name text, zone text, measure text, status text, completed text, team text, notes text, updated text,
          geom geometry(MultiPolygon, 4490) not null, plot jsonb not null);
        create index plots_geom on plots using gist (geom);
        create view plots_live as select id, version, seq, name, zone, measure, status, completed, team, notes, updated, geom
          from plots where not deleted;
        create table ops (
          op_id text primary key, position bigserial, seq bigint, plot_id text not null, kind text not null,
          user_id text not null, device_id text not null, received_at timestamptz not null,
          status text not null, version integer not null, conflict_id text, reason text, body jsonb not null);
        create index ops_plot on ops (plot_id);
        create function ops_append_only() returns trigger language plpgsql as
          $$ begin raise exception 'the op log is append-only'; end $$;
        create trigger ops_no_change before update or delete on ops for each row execute function ops_append_only();
        create table conflicts (
          id text primary key, seq bigint not null, plot_id text not null, op_id text not null, reason text not null,
          fields jsonb not null, user_name text not null, device_id text not null, created_at timestamptz not null,
          resolved boolean not null default false, resolved_by text, resolved_op text);
        create index conflicts_seq on conflicts (seq);
        create table quarantine (
          id bigserial primary key, device_id text not null, user_id text not null,
          received_at timestamptz not null, body jsonb not null);
        create table photos (sha256 text primary key, bytes bytea not null, size integer not null, content_type text not null, user_id text not null, created_at timestamptz not null);
      `,
    },
  },
  {
    version: 2,
    name: 'shared zones and slides',
    sql: {
      sqlite: `
        create table shared_records (
          kind text not null, id text not null, version integer not null, deleted integer not null,
          seq integer not null unique, data text not null, updated_by text not null, updated_at text not null,
          primary key (kind, id));
        create index shared_records_seq on shared_records (kind, seq);
      `,
      postgres: `
        create table shared_records (
          kind text not null, id text not null, version integer not null, deleted boolean not null,
          seq bigint not null unique, data jsonb not null, updated_by text not null, updated_at timestamptz not null,
          primary key (kind, id));
        create index shared_records_seq on shared_records (kind, seq);
      `,
    },
  },
  {
    // Issue 14 item 5: a thumbnail per photo hash (sent before the op, so the op need not wait
    // for the full image) and the received bytes of a full image still being uploaded.
    version: 3,
    name: 'photo thumbnails and resumable photo uploads',
    sql: {
      sqlite: `
        create table photo_thumbnails (sha256 text primary key, bytes blob not null, size integer not null, content_type text not null, user_id text not null, created_at text not null);
        create table photo_parts (sha256 text primary key, bytes blob not null, total integer not null, content_type text not null, user_id text not null, updated_at text not null);
      `,
      postgres: `
        create table photo_thumbnails (sha256 text primary key, bytes bytea not null, size integer not null, content_type text not null, user_id text not null, created_at timestamptz not null);
        create table photo_parts (sha256 text primary key, bytes bytea not null, total integer not null, content_type text not null, user_id text not null, updated_at timestamptz not null);
      `,
    },
  },
];

export const MIGRATIONS_TABLE = both('create table if not exists schema_migrations (version integer primary key, name text not null, applied_at text not null)');
