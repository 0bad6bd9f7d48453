// A Markdown table of a schema's top-level properties — a plugin's params in its README, an official
// component's docs page — generated from the schema so it cannot drift from it. Pure.

type Property = { type?: unknown; description?: unknown; title?: unknown; default?: unknown; enum?: unknown[]; format?: unknown; writeOnly?: unknown; items?: { type?: unknown } };

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(p: Property): string {
  const type = Array.isArray(p.type) ? p.type.join(' \\| ') : typeof p.type === 'string' ? p.type : 'any';
  if (type === 'array' && typeof p.items?.type === 'string') return `${p.items.type}[]`;
  return typeof p.format === 'string' ? `${type} (${p.format})` : type;
}

/** Markdown: one row per property — name, type, whether required, default, description (enum values, secret marker). */
export function paramsTable(schema: Record<string, unknown>, heading = 'Param'): string {
  const properties = (schema.properties ?? {}) as Record<string, Property>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const names = Object.keys(properties);
  if (names.length === 0) return '_None._\n';
  const rows = names.map((name) => {
    const p = properties[name];
    const notes = [typeof p.description === 'string' ? p.description : typeof p.title === 'string' ? p.title : ''];
    if (Array.isArray(p.enum)) notes.push(`One of ${p.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}.`);
    if (p.writeOnly === true) notes.push('Secret: give it as `${{ secrets.NAME }}`; masked in logs.');
    const fallback = 'default' in p ? `\`${JSON.stringify(p.default)}\`` : '';
    return `| \`${name}\` | ${cell(typeOf(p))} | ${required.has(name) ? 'yes' : 'no'} | ${cell(fallback)} | ${cell(notes.filter(Boolean).join(' '))} |`;
  });
  return [`| ${heading} | Type | Required | Default | Description |`, '|---|---|---|---|---|', ...rows].join('\n') + '\n';
}

export const PARAMS_START = '<!-- params:start (generated from the schema by `nullops-plugin docs`) -->';
export const PARAMS_END = '<!-- params:end -->';

/** The text with the part between the params markers replaced by `table`; undefined when the markers are missing. */
export function replaceParamsTable(text: string, table: string): string | undefined {
  const start = text.indexOf(PARAMS_START);
  const end = text.indexOf(PARAMS_END);
  if (start < 0 || end < start) return undefined;
  return `${text.slice(0, start + PARAMS_START.length)}\n${table}${text.slice(end)}`;
}
