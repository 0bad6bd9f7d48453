// The registry's ordered migrations. Add a file and append it here; never edit an applied one.
import { Migration20261129000000Registry } from './Migration20261129000000Registry.js';
import { Migration20261129060000SearchNameWords } from './Migration20261129060000SearchNameWords.js';
import { Migration20261129090000SearchCategoryIndex } from './Migration20261129090000SearchCategoryIndex.js';

export const migrationsList = [
  { name: 'Migration20261129000000Registry', class: Migration20261129000000Registry },
  { name: 'Migration20261129060000SearchNameWords', class: Migration20261129060000SearchNameWords },
  { name: 'Migration20261129090000SearchCategoryIndex', class: Migration20261129090000SearchCategoryIndex },
];
