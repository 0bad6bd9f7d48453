// Search: PostgreSQL full-text over the package summary's weighted vector (name A, title B, keywords C,
// description D), every word matched as a prefix; an exact name (`acme/x` or `x`) comes first; then the
// chosen sort. Filters and paging happen in SQL, with the total counted in the same query.
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
  total: string;
}

export async function searchPackages(em: EntityManager, query: SearchQuery): Promise<{ items: SearchItem[]; total: number }> {
  const text = (query.q ?? '').trim().toLowerCase();
  const tsquery = prefixQuery(text);
  const bindings: Record<string, unknown> = { text, tsquery, category: query.category ?? null, contractVersion: query.contractVersion ?? null };
  const where: string[] = [];
  const exact = text ? `(p.name = :text or split_part(p.name, '/', 2) = :text)` : 'false';
  const rank = `ts_rank(p.search, to_tsquery('simple', :tsquery))`;
  if (text) where.push(tsquery ? `(p.search @@ to_tsquery('simple', :tsquery) or ${exact})` : exact);
  if (query.category) where.push('p.category = :category');
  if (query.official) where.push(query.official === 'true' ? 'pub.official' : 'not pub.official');
  if (query.verified) where.push(query.verified === 'true' ? 'pub.verified' : 'not pub.verified');
  if (query.deprecated) where.push(query.deprecated === 'true' ? 'p.deprecated is not null' : 'p.deprecated is null');
  if (query.contractVersion) where.push('p.api_version = :contractVersion');
  const sort = query.sort === 'downloads' ? 'p.downloads desc' : query.sort === 'updated' ? 'p.updated_at desc' : tsquery ? `${rank} desc, p.downloads desc` : 'p.downloads desc';
  const filter = where.length ? `where ${where.join(' and ')}` : '';
  const sql = `select p.name, p.latest_version, p.title, p.description, p.category, p.keywords, p.icon, p.api_version,
      p.deprecated, p.downloads, p.updated_at, pub.scope, pub.display_name, pub.official, pub.verified,
      count(*) over () as total
    from package p join publisher pub on pub.id = p.publisher_id ${filter}
    order by ${text ? `${exact} desc, ` : ''}${sort}, p.name
    limit ${Number(query.limit ?? 20)} offset ${Number(query.offset ?? 0)}`;
  const knex = em.getKnex();
  const rows = (await em.execute(knex.raw(sql, bindings))) as Row[];
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && (query.offset ?? 0) > 0) {
    const counted = (await em.execute(knex.raw(`select count(*) as total from package p join publisher pub on pub.id = p.publisher_id ${filter}`, bindings))) as { total: string }[];
    total = Number(counted[0].total);
  }
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
