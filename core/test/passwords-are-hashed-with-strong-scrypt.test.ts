// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// Passwords are stored as scrypt hashes with N=2^15, r=8, p=1, a 64-byte key and a salt of their own.
import t from 'tap';
import { hashPassword, verifyPassword } from '../src/modules/identity/passwords.js';

t.test('the stored hash names strong parameters and a per-password salt', async (t) => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  const [scheme, n, r, p, salt, key] = a.split('$');
  t.same([scheme, Number(n), Number(r), Number(p)], ['scrypt', 2 ** 15, 8, 1]);
  t.equal(Buffer.from(key, 'base64').length, 64);
  t.equal(Buffer.from(salt, 'base64').length, 16);
  t.not(a, b, 'two hashes of one password differ (salt)');
  t.notOk(a.includes('correct horse'), 'the password is not in the hash');
});

t.test('only the right password verifies', async (t) => {
  const stored = await hashPassword('s3cret-password');
  t.equal(await verifyPassword('s3cret-password', stored), true);
  t.equal(await verifyPassword('s3cret-passworD', stored), false);
  t.equal(await verifyPassword('s3cret-password', 'garbage'), false);
});
