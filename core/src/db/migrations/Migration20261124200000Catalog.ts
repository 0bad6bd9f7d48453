// Catalog, secrets and pipelines: container registries (Docker Hub inserted), services, installed plugin
// versions, project secrets and immutable pipeline versions. What a project owns goes with it.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261124200000Catalog extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "container_registry" (
      "id" uuid primary key, "name" text not null unique, "url" text not null,
      "username" text null, "password_encrypted" text null, "builtin" boolean not null default false,
      "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now())`);
    this.addSql(`insert into "container_registry" ("id", "name", "url", "builtin")
      values ('00000000-0000-4000-8000-000000000001', 'docker-hub', 'https://registry-1.docker.io', true)`);

    this.addSql(`create table "service" (
      "id" uuid primary key, "name" text not null unique,
      "registry_id" uuid not null references "container_registry" ("id") on delete restrict,
      "image" text not null, "tag_mode" text not null check ("tag_mode" in ('pinned', 'selectable')),
      "tag" text null, "tag_pattern" text null, "ports" jsonb not null default '[]', "env" jsonb not null default '{}',
      "healthcheck" jsonb null,
      "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
      check ("tag_mode" = 'selectable' or "tag" is not null))`);

    this.addSql(`create table "plugin_version" (
      "id" uuid primary key, "name" text not null, "version" text not null, "manifest" jsonb not null,
      "registry_id" uuid not null references "container_registry" ("id") on delete restrict,
      "image_repository" text not null, "digest" text not null,
      "installed_by" text null, "installed_at" timestamptz not null default now(),
      unique ("name", "version"))`);

    this.addSql(`create table "project_secret" (
      "id" uuid primary key, "project_id" uuid not null references "project" ("id") on delete cascade,
      "name" text not null, "value_encrypted" text not null,
      "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
      unique ("project_id", "name"))`);

    this.addSql(`create table "pipeline_version" (
      "id" uuid primary key, "project_id" uuid not null references "project" ("id") on delete cascade,
      "version" integer not null, "definition" jsonb not null, "resolved" jsonb not null,
      "message" text not null default '', "created_by_id" uuid null, "created_by_name" text null,
      "created_at" timestamptz not null default now(),
      unique ("project_id", "version"))`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pipeline_version"`);
    this.addSql(`drop table if exists "project_secret"`);
    this.addSql(`drop table if exists "plugin_version"`);
    this.addSql(`drop table if exists "service"`);
    this.addSql(`drop table if exists "container_registry"`);
  }
}
