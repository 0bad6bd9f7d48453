// The installed plugins as the catalog lists them — one read shared by the admin Plugins page and the
// pipeline editor's palette — and the search both offer over them.
import { api } from '../api/client';
import type { List, PluginDetail, PluginListItem } from '../api/types';

export type { PluginDetail, PluginListItem };

/** Every installed plugin (the latest version of each, with the list of its versions). */
export function loadInstalledPlugins(): Promise<List<PluginListItem>> {
  return api.get<List<PluginListItem>>('/plugins', { limit: 500 });
}

/** Every installed version of one plugin, newest first. */
export function loadPluginVersions(name: string): Promise<PluginDetail> {
  return api.get<PluginDetail>(`/plugins/${name}`);
}

/** Whether every word of the query is in the plugin's name, title, description, category or keywords. */
export function pluginMatches(plugin: Pick<PluginListItem, 'name' | 'title' | 'description' | 'category' | 'keywords'>, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const text = [plugin.name, plugin.title, plugin.description, plugin.category, ...plugin.keywords].join(' ').toLowerCase();
  return words.every((word) => text.includes(word));
}
