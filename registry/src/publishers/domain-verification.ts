// A publisher proves control of a domain by serving the registry's token at
// https://<domain>/.well-known/nullops-publisher. Only HTTPS with a certificate the registry trusts
// counts; anything else (unreachable, wrong text, redirect elsewhere) leaves the publisher unverified.
import { request } from 'node:https';

export interface DomainCheckOptions {
  /** Extra CA certificates to trust (PEM); the system's roots otherwise. */
  ca?: string | Buffer;
  /** The HTTPS port, 443 unless a test serves elsewhere. */
  port?: number;
  timeoutMs?: number;
}

export const WELL_KNOWN_PATH = '/.well-known/nullops-publisher';

export function wellKnownUrl(domain: string, port = 443): string {
  return `https://${domain}${port === 443 ? '' : `:${port}`}${WELL_KNOWN_PATH}`;
}

/** Resolves with null when `domain` serves `token`, or with the reason it does not. */
export function checkDomain(domain: string, token: string, options: DomainCheckOptions = {}): Promise<string | null> {
  const url = wellKnownUrl(domain, options.port);
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', ca: options.ca, timeout: options.timeoutMs ?? 5000, headers: { accept: 'text/plain' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > 4096) res.destroy();
      });
      res.on('close', () => {
        if (res.statusCode !== 200) return resolve(`${url} answered ${res.statusCode}, not 200 with the token`);
        resolve(body.trim() === token ? null : `${url} does not serve the token this registry issued`);
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', (error) => resolve(`${url} could not be read over trusted HTTPS: ${error.message}`));
    req.end();
  });
}
