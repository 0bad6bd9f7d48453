// Cross-site request forgery defence for cookie-borne credentials: a state-changing request whose Origin
// (or, without one, Referer) names another site than this server is refused. Requests carrying neither
// header (curl, scripts) are not browser-forged and pass; SameSite cookies cover old browsers.
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginFacts {
  method: string;
  origin?: string;
  referer?: string;
  /** The Host header the request was sent to. */
  host?: string;
  /** The configured public URL users open, when set. */
  publicUrl?: string;
}

export function isCrossSiteWrite(request: OriginFacts): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const claimed = request.origin ?? request.referer;
  if (claimed === undefined) return false;
  let source: URL;
  try {
    source = new URL(claimed);
  } catch {
    return true; // "null" origins (sandboxed frames, file://) and garbage
  }
  if (request.host && source.host.toLowerCase() === request.host.toLowerCase()) return false;
  if (request.publicUrl && source.origin === new URL(request.publicUrl).origin) return false;
  return true;
}
