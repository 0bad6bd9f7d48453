// The proxy's view of a route table: a lookup by host name (case-insensitive, port ignored) and a
// round-robin choice among a route's upstreams. Pure data; the server swaps whole maps on apply.
import type { Route, RouteTable } from '@nullops/core/contracts';

export interface Upstream {
  address: string;
  port: number;
  /** `address:port`, the key of the connection pool for this upstream. */
  origin: string;
}

export interface RouteEntry {
  route: Route;
  upstreams: Upstream[];
  next: number;
}

export interface RouteMap {
  version: number;
  entries: Map<string, RouteEntry>;
}

export const EMPTY_ROUTE_MAP: RouteMap = { version: -1, entries: new Map() };

export function buildRouteMap(table: RouteTable): RouteMap {
  const entries = new Map<string, RouteEntry>();
  for (const route of table.routes) {
    const upstreams = route.upstreams.map((u) => ({ address: u.address, port: u.port, origin: originOf(u.address, u.port) }));
    entries.set(normalizeHost(route.host), { route, upstreams, next: 0 });
  }
  return { version: table.version, entries };
}

/** `Web.PR-7.qa.example.com:7780` → `web.pr-7.qa.example.com`; IPv6 literals keep their brackets. */
export function normalizeHost(host: string | undefined): string {
  if (!host) return '';
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    return end === -1 ? name : name.slice(0, end + 1);
  }
  const colon = name.indexOf(':');
  if (colon !== -1) name = name.slice(0, colon);
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

export function pickUpstream(entry: RouteEntry): Upstream | undefined {
  if (entry.upstreams.length === 0) return undefined;
  const upstream = entry.upstreams[entry.next % entry.upstreams.length];
  entry.next = (entry.next + 1) % entry.upstreams.length;
  return upstream;
}

export function originOf(address: string, port: number): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Every upstream origin a map refers to, so pools no longer referenced can be closed. */
export function originsOf(map: RouteMap): Set<string> {
  const origins = new Set<string>();
  for (const entry of map.entries.values()) for (const u of entry.upstreams) origins.add(u.origin);
  return origins;
}
