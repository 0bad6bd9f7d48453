// The params and outputs tables of an official plugin's docs page, generated from its manifest's JSON
// Schemas (never written by hand). Pure: schema in, Markdown out. `npm run generate` writes them between
// the page's markers; a test fails when a page is stale.

type Schema = Record<string, unknown>;

export const TABLE_START = '<!-- generated from nullops-plugin.json by `npm run generate -w @nullops/components`: do not edit -->';
export const TABLE_END = '<!-- end of generated tables -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
const code = (value: unknown) => `\`${JSON.stringify(value)}\``;

export function typeOf(schema: Schema): string {
  if (Array.isArray(schema.anyOf) && schema.anyOf.every((s) => 'const' in (s as Schema))) return (schema.anyOf as Schema[]).map((s) => code(s.const)).join(' or ');
  if (Array.isArray(schema.enum)) return schema.enum.map(code).join(' or ');
  if ('const' in schema) return code(schema.const);
  const type = schema.type as string | undefined;
  if (type === 'array') return `${typeOf((schema.items ?? {}) as Schema)} list`;
  if (type === 'object' && !schema.properties) {
    const values = (schema.patternProperties ? Object.values(schema.patternProperties as Record<string, Schema>)[0] : schema.additionalProperties) as Schema | undefined;
    return `map of name → ${values && typeof values === 'object' ? typeOf(values) : 'any'}`;
  }
  if (!type) return 'any JSON';
  return schema.format ? `${type} (${schema.format})` : type;
}

function constraints(schema: Schema): string[] {
  const notes: string[] = [];
  if (schema.minimum !== undefined || schema.maximum !== undefined) notes.push(`${schema.minimum ?? '…'} to ${schema.maximum ?? '…'}`);
  if (schema.pattern && !schema.format) notes.push(`matches \`${schema.pattern}\``);
  if (Array.isArray(schema.examples) && schema.examples.length) notes.push(`e.g. ${code(schema.examples[0])}`);
  return notes;
}

function rows(schema: Schema, withRequired: boolean): string[] {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const description = [property.title && property.description ? `**${property.title}.** ${property.description}` : (property.description ?? property.title ?? ''), ...constraints(property).map((n) => `(${n})`)].filter(Boolean).join(' ');
    const flags = [property.writeOnly ? 'secret' : ''].filter(Boolean).join(', ');
    const columns = [`\`${name}\``, cell(typeOf(property)), ...(withRequired ? [required.has(name) ? 'yes' : 'no', 'default' in property ? cell(code(property.default)) : ''] : []), flags, cell(description as string)];
    return `| ${columns.join(' | ')} |`;
  });
}

/** The generated part of a docs page: the params table, the rule between params, and the outputs table. */
export function schemaTables(input: Schema, output: Schema): string {
  const lines = ['### Params', '', '| Param | Type | Required | Default | Secret | Description |', '|---|---|---|---|---|---|', ...rows(input, true)];
  const oneOf = input.oneOf as { required: string[] }[] | undefined;
  if (oneOf) lines.push('', `Give exactly one of ${oneOf.map((o) => o.required.map((r) => `\`${r}\``).join(' + ')).join(' or ')}.`);
  lines.push('', '### Outputs', '');
  if (output.properties) {
    lines.push('| Output | Type | Secret | Description |', '|---|---|---|---|', ...rows(output, false));
    if (output.additionalProperties === true && output.description) lines.push('', String(output.description));
  } else lines.push(`${typeOf(output)}: ${String(output.description ?? '')}`);
  lines.push('', 'Outputs marked *secret* are masked in logs and stored encrypted.');
  return [TABLE_START, ...lines, TABLE_END].join('\n');
}

/** The page with its generated part replaced; null when the page has no markers. */
export function withTables(page: string, tables: string): string | null {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start === -1 || end === -1 || end < start) return null;
  return page.slice(0, start) + tables + page.slice(end + TABLE_END.length);
}
