// Foundation: the key/value table for facts kept across restarts.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000000Foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "setting" ("key" text primary key, "value" jsonb not null, "updated_at" timestamptz not null default now())`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "setting"`);
  }
}
