// The settings table of docs/configuration.md, generated from the Config schema: every setting's env
// variable, config key, default and meaning. `npm run docs:config` writes it; a test fails when it is stale.
import { Config } from './config.js';

export const CONFIG_TABLE_START = '<!-- settings: generated from core/src/kernel/config.ts by `npm run docs:config`; do not edit by hand -->';
export const CONFIG_TABLE_END = '<!-- end of settings -->';

interface Setting {
  env?: string;
  default?: unknown;
  docDefault?: string;
  description?: string;
  type?: string;
  properties?: Record<string, Setting>;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

function shownDefault(setting: Setting): string {
  if (setting.docDefault) return setting.docDefault;
  if (setting.default === undefined) return '—';
  if (Array.isArray(setting.default)) return setting.default.map((v) => `\`${v}\``).join(', ');
  if (typeof setting.default === 'object') return `\`${JSON.stringify(setting.default)}\``;
  return `\`${String(setting.default)}\``;
}

function rows(properties: Record<string, Setting>, prefix = ''): string[] {
  return Object.entries(properties).flatMap(([key, setting]) => {
    const path = `${prefix}${key}`;
    if (setting.type === 'object' && setting.properties) return rows(setting.properties, `${path}.`);
    return [`| ${setting.env ? `\`${setting.env}\`` : '—'} | \`${path}\` | ${cell(shownDefault(setting))} | ${cell(setting.description ?? '')} |`];
  });
}

export function renderConfigTable(): string {
  return [CONFIG_TABLE_START, '| variable | config key | default | meaning |', '|---|---|---|---|', ...rows((Config as unknown as Setting).properties!), CONFIG_TABLE_END].join('\n');
}

/** `page` with its settings table replaced by the one the schema generates now. */
export function withConfigTable(page: string): string {
  const start = page.indexOf(CONFIG_TABLE_START);
  const end = page.indexOf(CONFIG_TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/configuration.md has no settings table between the markers "${CONFIG_TABLE_START}" and "${CONFIG_TABLE_END}".`);
  return page.slice(0, start) + renderConfigTable() + page.slice(end + CONFIG_TABLE_END.length);
}
