// Identity and access: users, sessions, API tokens, teams, memberships, projects, environments, grants
// of teams on projects or environments, and the audit log.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000000Identity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "user_account" (
      "id" uuid primary key, "username" text not null, "password_hash" text null,
      "role" text not null check ("role" in ('admin', 'user')), "disabled" boolean not null default false,
      "external" boolean not null default false,
      "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now())`);
    this.addSql(`create unique index "user_account_username_unique" on "user_account" (lower("username"))`);

    this.addSql(`create table "session" (
      "id" uuid primary key, "user_id" uuid not null references "user_account" ("id") on delete cascade,
      "secret_hash" text not null unique, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null)`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id")`);

    this.addSql(`create table "api_token" (
      "id" uuid primary key, "user_id" uuid not null references "user_account" ("id") on delete cascade,
      "name" text not null, "token_hash" text not null unique, "created_at" timestamptz not null default now(),
      "last_used_at" timestamptz null, "revoked_at" timestamptz null)`);
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id")`);

    this.addSql(`create table "team" ("id" uuid primary key, "name" text not null, "created_at" timestamptz not null default now())`);
    this.addSql(`create unique index "team_name_unique" on "team" (lower("name"))`);
    this.addSql(`create table "team_member" (
      "team_id" uuid not null references "team" ("id") on delete cascade,
      "user_id" uuid not null references "user_account" ("id") on delete cascade,
      primary key ("team_id", "user_id"))`);
    this.addSql(`create index "team_member_user_id_index" on "team_member" ("user_id")`);

    this.addSql(`create table "project" (
      "id" uuid primary key, "name" text not null unique, "description" text not null default '',
      "resources" jsonb not null, "ttl_hours" double precision null, "node_selector" jsonb not null default '{}',
      "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now())`);
    this.addSql(`create table "environment" (
      "id" uuid primary key, "name" text not null unique, "base_domain" text not null, "ttl_hours" double precision not null,
      "ingress_scheme" text null check ("ingress_scheme" in ('http', 'https')), "ingress_port" integer null,
      "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now())`);

    this.addSql(`create table "access_grant" (
      "id" uuid primary key, "team_id" uuid not null references "team" ("id") on delete cascade,
      "project_id" uuid null references "project" ("id") on delete cascade,
      "environment_id" uuid null references "environment" ("id") on delete cascade,
      "access" text not null check ("access" in ('read', 'full')),
      check (("project_id" is null) <> ("environment_id" is null)))`);
    this.addSql(`create unique index "access_grant_project_unique" on "access_grant" ("team_id", "project_id") where "project_id" is not null`);
    this.addSql(`create unique index "access_grant_environment_unique" on "access_grant" ("team_id", "environment_id") where "environment_id" is not null`);

    this.addSql(`create table "audit_event" (
      "id" uuid primary key, "at" timestamptz not null default now(), "actor_id" uuid null, "actor_name" text null,
      "action" text not null, "target_type" text null, "target_id" text null, "status" integer not null,
      "address" text not null, "details" jsonb not null default '{}')`);
    this.addSql(`create index "audit_event_at_index" on "audit_event" ("at")`);
    this.addSql(`create index "audit_event_actor_id_index" on "audit_event" ("actor_id", "at")`);
  }

  override async down(): Promise<void> {
    for (const table of ['audit_event', 'access_grant', 'environment', 'project', 'team_member', 'team', 'api_token', 'session', 'user_account']) {
      this.addSql(`drop table if exists "${table}"`);
    }
  }
}
