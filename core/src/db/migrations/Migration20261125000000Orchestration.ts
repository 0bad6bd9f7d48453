// Orchestration: nodes of environments, deployments with their timeline and archived logs.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261125000000Orchestration extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "node" (
      "id" uuid primary key,
      "environment_id" uuid not null references "environment" ("id") on delete restrict,
      "name" text not null,
      "host" text not null,
      "port" integer not null,
      "labels" jsonb not null default '{}',
      "enabled" boolean not null default true,
      "status" text not null default 'connecting',
      "status_message" text null,
      "thumbprint" text null,
      "pending_thumbprint" text null,
      "token_encrypted" text not null,
      "agent_version" text null,
      "publish_address" text null,
      "capacity" jsonb not null default '{"cpu":0,"memoryMb":0,"diskMb":0}',
      "usage" jsonb not null default '{"cpuPercent":0,"memoryMb":0,"diskMb":0}',
      "last_seen_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "node_environment_name_unique" unique ("environment_id", "name"))`);
    this.addSql(`create table "deployment" (
      "id" uuid primary key,
      "name" text not null,
      "project_id" uuid not null references "project" ("id") on delete restrict,
      "environment_id" uuid not null references "environment" ("id") on delete restrict,
      "node_id" uuid null references "node" ("id") on delete set null,
      "status" text not null,
      "generation" integer not null default 1,
      "attempt" integer not null default 1,
      "pipeline_version" integer not null,
      "versions" jsonb not null default '{}',
      "resources" jsonb not null,
      "services" jsonb not null default '[]',
      "error" jsonb null,
      "pending_rollbacks" jsonb not null default '[]',
      "outputs_encrypted" text null,
      "created_by" text not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "last_activity_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "deleted_at" timestamptz null,
      "deleted_by" text null,
      "delete_reason" text null)`);
    this.addSql(`create unique index "deployment_live_name_unique" on "deployment" ("environment_id", "name") where "status" <> 'deleted'`);
    this.addSql(`create index "deployment_status_expires" on "deployment" ("status", "expires_at")`);
    this.addSql(`create table "deployment_event" (
      "id" bigserial primary key,
      "deployment_id" uuid not null references "deployment" ("id") on delete cascade,
      "generation" integer not null,
      "at" timestamptz not null,
      "step_id" text null,
      "phase" text not null,
      "status" text not null,
      "message" text not null default '')`);
    this.addSql(`create index "deployment_event_deployment" on "deployment_event" ("deployment_id", "id")`);
    this.addSql(`create table "deployment_log" (
      "id" bigserial primary key,
      "deployment_id" uuid not null references "deployment" ("id") on delete cascade,
      "step_id" text not null,
      "generation" integer not null,
      "lines" jsonb not null default '[]',
      "updated_at" timestamptz not null default now(),
      constraint "deployment_log_step_unique" unique ("deployment_id", "step_id", "generation"))`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "deployment_log"`);
    this.addSql(`drop table if exists "deployment_event"`);
    this.addSql(`drop table if exists "deployment"`);
    this.addSql(`drop table if exists "node"`);
  }
}
