// The palette's entries from the catalog: each service twice (as a long-running service and as a job
// that runs its image to completion) and each installed plugin under its category, searchable by
// name, title, description, keywords and category.
export interface PaletteService {
  name: string;
  image: string;
  tagMode: 'pinned' | 'selectable';
  tag: string | null;
}

export interface PalettePlugin {
  name: string;
  latestVersion: string;
  title: string;
  description: string;
  category: string;
  keywords: string[];
}

export type PaletteEntry =
  | { kind: 'service' | 'job'; key: string; title: string; description: string; service: PaletteService }
  | { kind: 'component'; key: string; title: string; description: string; version: string; plugin: PalettePlugin };

export interface PaletteGroup {
  title: string;
  entries: PaletteEntry[];
}

/** Groups in a fixed order: services, jobs, then plugin categories alphabetically; empty groups left out. */
export function paletteGroups(services: readonly PaletteService[], plugins: readonly PalettePlugin[], query = ''): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (...texts: string[]) => {
    const hay = texts.join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  };
  const byName = <T extends { name: string }>(list: readonly T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
  const tag = (s: PaletteService) => (s.tagMode === 'pinned' ? `pinned ${s.tag ?? ''}`.trim() : 'tag chosen per deployment');
  const groups: PaletteGroup[] = [
    {
      title: 'Services',
      entries: byName(services)
        .filter((s) => matches(s.name, s.image, 'service'))
        .map((s) => ({ kind: 'service' as const, key: `service:${s.name}`, title: s.name, description: `${s.image} · ${tag(s)}`, service: s })),
    },
    {
      title: 'Jobs',
      entries: byName(services)
        .filter((s) => matches(s.name, s.image, 'job'))
        .map((s) => ({ kind: 'job' as const, key: `job:${s.name}`, title: `${s.name} job`, description: `Runs ${s.image} to completion`, service: s })),
    },
  ];
  const categories = [...new Set(plugins.map((p) => p.category))].sort((a, b) => a.localeCompare(b));
  for (const category of categories) {
    groups.push({
      title: category,
      entries: byName(plugins.filter((p) => p.category === category))
        .filter((p) => matches(p.name, p.title, p.description, p.category, ...p.keywords))
        .map((p) => ({ kind: 'component' as const, key: `plugin:${p.name}`, title: p.title, description: p.description, version: p.latestVersion, plugin: p })),
    });
  }
  return groups.filter((g) => g.entries.length > 0);
}

/** The range a new component step pins: compatible updates of the latest version (`^1.2.0`). */
export function defaultRange(version: string): string {
  return `^${version}`;
}
