// Publishers and their hashed tokens; packages (a summary of the latest version with a weighted
// full-text vector: name A, title B, keywords C, description D) and their immutable versions.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261129000000Registry extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "publisher" (
      "id" uuid primary key, "scope" text not null unique, "display_name" text null,
      "official" boolean not null default false, "domain" text null, "verification_token" text null,
      "verified" boolean not null default false, "created_at" timestamptz not null default now())`);
    this.addSql(`create table "publisher_token" (
      "id" uuid primary key, "publisher_id" uuid not null references "publisher" ("id") on delete cascade,
      "name" text not null, "token_hash" text not null unique,
      "created_at" timestamptz not null default now(), "last_used_at" timestamptz null)`);
    this.addSql(`create table "package" (
      "id" uuid primary key, "name" text not null unique,
      "publisher_id" uuid not null references "publisher" ("id") on delete restrict,
      "latest_version" text not null, "title" text not null, "description" text not null,
      "category" text not null, "keywords" jsonb not null default '[]', "keywords_text" text not null default '',
      "icon" text null, "api_version" text not null, "deprecated" text null,
      "downloads" bigint not null default 0,
      "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
      "search" tsvector generated always as (
        setweight(to_tsvector('simple', replace("name", '/', ' ')), 'A') ||
        setweight(to_tsvector('simple', "title"), 'B') ||
        setweight(to_tsvector('simple', "keywords_text"), 'C') ||
        setweight(to_tsvector('simple', "description"), 'D')) stored)`);
    this.addSql(`create index "package_search_idx" on "package" using gin ("search")`);
    this.addSql(`create index "package_short_name_idx" on "package" ((split_part("name", '/', 2)))`);
    this.addSql(`create index "package_downloads_idx" on "package" ("downloads" desc)`);
    this.addSql(`create index "package_updated_idx" on "package" ("updated_at" desc)`);
    this.addSql(`create table "package_version" (
      "id" uuid primary key, "package_id" uuid not null references "package" ("id") on delete cascade,
      "version" text not null, "manifest" jsonb not null, "readme" text not null default '',
      "changelog" text not null default '', "image_reference" text not null, "image_digest" text not null,
      "image_checked" boolean not null, "deprecated" text null, "yanked" boolean not null default false,
      "downloads" bigint not null default 0, "published_at" timestamptz not null default now(),
      unique ("package_id", "version"))`);
  }
}
