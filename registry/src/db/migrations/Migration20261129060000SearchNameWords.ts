// The name goes into the search vector as its plain words (split at "/" and "-"), so every word of a
// package's name is a lexeme a prefix query finds: `acme/tool-1-2` yields acme, tool, 1, 2 (PostgreSQL's
// parser would read "-1" and "-2" as signed numbers). Search can then find an exact name through the GIN
// index alone, without a per-row name comparison in its filter.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261129060000SearchNameWords extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index if exists "package_search_idx"`);
    this.addSql(`alter table "package" drop column "search"`);
    this.addSql(`alter table "package" add column "search" tsvector generated always as (
        setweight(to_tsvector('simple', translate("name", '/-', '  ')), 'A') ||
        setweight(to_tsvector('simple', "title"), 'B') ||
        setweight(to_tsvector('simple', "keywords_text"), 'C') ||
        setweight(to_tsvector('simple', "description"), 'D')) stored`);
    this.addSql(`create index "package_search_idx" on "package" using gin ("search")`);
  }
}
