// Browsing a category (the marketplace's category filter, without words) reads that category's packages
// in download order from an index, and counts them from it, instead of reading every package.
import { Migration } from '@mikro-orm/migrations';

export class Migration20261129090000SearchCategoryIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "package_category_downloads_idx" on "package" ("category", "downloads" desc)`);
  }
}
