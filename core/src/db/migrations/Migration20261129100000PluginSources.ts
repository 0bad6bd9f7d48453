// Plugin sources: the plugin registries the catalog installs from (token encrypted).
import { Migration } from '@mikro-orm/migrations';

export class Migration20261129100000PluginSources extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "plugin_source" (
      "id" uuid primary key, "name" text not null unique, "url" text not null, "token_encrypted" text null,
      "created_at" timestamptz not null default now())`);
  }
}
