// Search: PostgreSQL full-text over the package summary's stored weighted vector (name A, title B,
// keywords C, description D; GIN-indexed), every word matched as a prefix; an exact name (`acme/x` or
// `x`) comes first; then the chosen sort. Only matching rows are ranked, and only when the order uses the
// rank (not for sort=downloads|updated). The page is a top-N sort over narrow rows (id and sort keys); the
// page's rows are then read whole and joined to their publisher. When the page reads every match anyway
// (words, or a category), the total is counted in the same pass (a window count); otherwise (browsing, in
// index order) it is counted apart, and only when the page does not already tell it.
// The statement is built by a pure function, so the benchmark can EXPLAIN ANALYZE the real query.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SearchItem, SearchQuery } from './schemas.js';

/** `postgres create` → `postgres:* & create:*`; null when the text holds no searchable word. */
export function prefixQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length ? words.slice(0, 16).map((w) => `${w}:*`).join(' & ') : null;
}

interface Row {
  name: string;
  latest_version: string;
  title: string;
  description: string;
  category: string;
  keywords: string[];
  icon: string | null;
  api_version: string;
  deprecated: string | null;
  downloads: string;
  updated_at: Date;
  scope: string;
  display_name: string | null;
  official: boolean;
  verified: boolean;
  /** Every match, when counted in the same pass. */
  total?: string;
}

export interface SearchStatement {
  /** The page: matching rows only, ordered, limited; with `total` when it is counted in the same pass. */
  page: string;
  /** The total apart (joins the publisher only when a filter reads it); used when the page does not tell it. */
  count: string;
  bindings: Record<string, unknown>;
  limit: number;
  offset: number;
  /** Whether the page's rows carry the total (`total` column). */
  countedInPage: boolean;
}

export function searchStatement(query: SearchQuery): SearchStatement {
  const text = (query.q ?? '').trim().toLowerCase();
  const tsquery = prefixQuery(text);
  const limit = Number(query.limit ?? 20);
  const offset = Number(query.offset ?? 0);
  const bindings: Record<string, unknown> = { text, tsquery, category: query.category ?? null, contractVersion: query.contractVersion ?? null };
  const where: string[] = [];
  const exact = `(p.name = :text or split_part(p.name, '/', 2) = :text)`;
  // A package named exactly the text also matches its words (the name is in the vector, split at / and -),
  // so the indexed match alone finds it; only text without a word is looked up by name.
  if (text) where.push(tsquery ? `p.search @@ to_tsquery('simple', :tsquery)` : exact);
  if (query.category) where.push('p.category = :category');
  if (query.deprecated) where.push(query.deprecated === 'true' ? 'p.deprecated is not null' : 'p.deprecated is null');
  if (query.contractVersion) where.push('p.api_version = :contractVersion');
  const publisherWhere: string[] = [];
  if (query.official) publisherWhere.push(query.official === 'true' ? 'pub.official' : 'not pub.official');
  if (query.verified) publisherWhere.push(query.verified === 'true' ? 'pub.verified' : 'not pub.verified');
  const byRank = tsquery !== null && (query.sort ?? 'relevance') === 'relevance';
  const keys = query.sort === 'downloads' ? ['downloads desc'] : query.sort === 'updated' ? ['updated_at desc'] : byRank ? ['rank desc', 'downloads desc'] : ['downloads desc'];
  const order = [...(text ? ['exact desc'] : []), ...keys, 'name'];
  const filters = [...where, ...publisherWhere];
  const filter = filters.length ? `where ${filters.join(' and ')}` : '';
  const join = 'join publisher pub on pub.id = p.publisher_id';
  const from = `from package p ${publisherWhere.length ? join : ''} ${filter}`;
  // Words or a category narrow the matches to rows the page reads anyway (through the GIN or the category
  // index): they are counted in the same pass. Browsing everything (or a flag alone) walks an index in
  // order and stops at the page; its total is counted apart.
  const countedInPage = Boolean(text || query.category);
  return {
    page: `select p.name, p.latest_version, p.title, p.description, p.category, p.keywords, p.icon, p.api_version,
      p.deprecated, p.downloads, p.updated_at, pub.scope, pub.display_name, pub.official, pub.verified${countedInPage ? ', m.total' : ''}
    from (select p.id, p.name, p.downloads, p.updated_at, ${text ? exact : 'false'} as exact, ${byRank ? `ts_rank(p.search, to_tsquery('simple', :tsquery))` : '0'} as rank${countedInPage ? ', count(*) over () as total' : ''}
      ${from}
      order by ${order.join(', ')}
      limit ${limit} offset ${offset}) m
    join package p on p.id = m.id
    ${join}
    order by ${order.map((key) => `m.${key}`).join(', ')}`,
    count: `select count(*) as total ${from}`,
    bindings,
    limit,
    offset,
    countedInPage,
  };
}

export async function searchPackages(em: EntityManager, query: SearchQuery): Promise<{ items: SearchItem[]; total: number }> {
  const statement = searchStatement(query);
  const knex = em.getKnex();
  const rows = (await em.execute(knex.raw(statement.page, statement.bindings))) as Row[];
  // A page that is not full, and not past the end, holds the last matches: the total follows from it.
  const known = rows.length > 0 && rows.length < statement.limit;
  const total =
    statement.countedInPage && rows.length > 0
      ? Number(rows[0].total)
      : known || (rows.length === 0 && statement.offset === 0)
        ? statement.offset + rows.length
        : Number(((await em.execute(knex.raw(statement.count, statement.bindings))) as { total: string }[])[0].total);
  return {
    total,
    items: rows.map((r) => ({
      name: r.name,
      latestVersion: r.latest_version,
      title: r.title,
      description: r.description,
      category: r.category,
      keywords: r.keywords,
      ...(r.icon ? { icon: r.icon } : {}),
      apiVersion: r.api_version,
      publisher: { scope: r.scope, displayName: r.display_name, official: r.official, verified: r.verified },
      ...(r.deprecated ? { deprecated: r.deprecated } : {}),
      downloads: Number(r.downloads),
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
  };
}
