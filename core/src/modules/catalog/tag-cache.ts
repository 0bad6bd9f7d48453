// Tag lists read from registries, kept briefly (30 s by default) so the studio's tag picker and a burst of
// deployments do not each ask the registry again. Keyed by the registry's row version, so editing a
// registry's credentials is seen at once.
export class TagCache {
  private readonly entries = new Map<string, { tags: string[]; expiresAt: number }>();

  constructor(private readonly ttlMs = 30_000) {}

  async get(key: string, load: () => Promise<string[]>): Promise<string[]> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.tags;
    const tags = await load();
    if (this.entries.size > 1000) for (const [k, v] of this.entries) if (v.expiresAt <= now) this.entries.delete(k);
    this.entries.set(key, { tags, expiresAt: now + this.ttlMs });
    return tags;
  }
}
