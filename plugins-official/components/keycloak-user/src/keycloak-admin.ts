// The few calls of Keycloak's admin REST API this plugin makes (https://www.keycloak.org/docs-api/latest/rest-api/):
// a token from the OpenID Connect token endpoint (password grant), then users, reset-password and
// realm role-mappings under /admin/realms/{realm}.
import { PluginError } from '@nullops/sdk';

export interface KeycloakAdmin {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown; location: string | null }>;
}

export async function signIn(options: { url: string; adminRealm: string; clientId: string; username: string; password: string; signal: AbortSignal }): Promise<KeycloakAdmin> {
  const base = options.url.replace(/\/+$/, '');
  const tokenUrl = `${base}/realms/${encodeURIComponent(options.adminRealm)}/protocol/openid-connect/token`;
  let response: Response;
  try {
    response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: options.clientId, username: options.username, password: options.password }),
      signal: options.signal,
    });
  } catch (error) {
    throw new PluginError('KEYCLOAK_UNREACHABLE', `cannot reach Keycloak at ${base}: ${(error as { cause?: Error }).cause?.message ?? (error as Error).message}`);
  }
  const answer = (await response.json().catch(() => ({}))) as { access_token?: string; error_description?: string; error?: string };
  if (!response.ok || !answer.access_token) {
    throw new PluginError('KEYCLOAK_SIGN_IN_FAILED', `Keycloak refused the admin sign-in of "${options.username}" in realm "${options.adminRealm}" (HTTP ${response.status}: ${answer.error_description ?? answer.error ?? 'no reason given'}); check adminUsername, adminPassword, adminRealm and adminClientId`);
  }
  const token = answer.access_token;
  return {
    async call(method, path, body) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: options.signal,
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      return { status: res.status, json, location: res.headers.get('location') };
    },
  };
}

/** Fails with Keycloak's own error text unless the status is one of `ok`. */
export function expect(answer: { status: number; json: unknown }, ok: number[], what: string): void {
  if (ok.includes(answer.status)) return;
  const json = answer.json as { errorMessage?: string; error?: string } | null;
  const reason = json?.errorMessage ?? json?.error ?? (typeof answer.json === 'string' ? answer.json.slice(0, 200) : '');
  const hint = answer.status === 403 ? ' (the admin lacks the manage-users role of this realm)' : '';
  throw new PluginError('KEYCLOAK_REQUEST_FAILED', `${what}: Keycloak answered HTTP ${answer.status}${reason ? ` (${reason})` : ''}${hint}`);
}
