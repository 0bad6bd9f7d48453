// `nullops up` runs with no setup: what a production install must configure (the encryption key, the
// ingress token) is generated once into the data directory and reused, and we say so.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from './config.js';

export function fillLocalSecrets(config: Config, say: (message: string) => void): Config {
  const dir = resolve(config.dataDir);
  mkdirSync(dir, { recursive: true });
  const keep = (file: string, make: () => string, what: string): string => {
    const path = join(dir, file);
    if (existsSync(path)) return readFileSync(path, 'utf8').trim();
    const value = make();
    writeFileSync(path, `${value}\n`, { mode: 0o600 });
    say(`generated ${what} in ${path} (local mode; set it explicitly in production)`);
    return value;
  };
  // A first admin so a newcomer can sign in; NULLOPS_ADMIN_USERNAME/PASSWORD, when set, win.
  const admin = config.adminUsername || config.adminPassword ? {} : { adminUsername: 'admin', adminPassword: keep('admin.password', () => randomBytes(12).toString('base64url'), 'the password of the first admin "admin"') };
  return {
    ...config,
    ...admin,
    encryptionKey: config.encryptionKey ?? keep('encryption.key', () => randomBytes(32).toString('base64'), 'an encryption key'),
    ingressToken: config.ingressToken ?? keep('ingress.token', () => randomBytes(24).toString('base64url'), 'an ingress token'),
  };
}
