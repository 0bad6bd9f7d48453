// Behind the proxy-header auth driver the studio offers no password form: without the proxy's header the
// sign-in page says to come through the proxy; with it, the user is signed in and lands on the home page.
import t from 'tap';
import { startTestControlPlane } from '@nullops/core/testing';
import { studioDistDir } from '../lib/index.js';
import { launchChromium, screenshots, seriousViolations } from './support/browser.js';

t.test('proxy-header sign-in: no form, then signed in by the header', async (t) => {
  const plane = await startTestControlPlane({ port: 0, studioDir: studioDistDir, drivers: { auth: 'auth-proxy-header' }, driverOptions: { 'auth-proxy-header': { trustedProxies: ['127.0.0.1'] } } });
  t.teardown(() => plane.close());
  const base = await plane.controlPlane.listen();
  const browser = await launchChromium('test');
  t.teardown(() => browser.close());

  const direct = await (await browser.newContext({ baseURL: base })).newPage();
  await direct.goto('/');
  await direct.waitForURL(/\/sign-in/);
  await direct.getByText('auth-proxy-header').waitFor();
  t.equal(await direct.locator('input[type="password"]').count(), 0, 'no password field');
  t.match(await direct.locator('.signin-card').innerText(), /through your organisation's sign-in proxy/, 'the page says how to get in');
  t.same(await seriousViolations(direct), [], 'no serious accessibility violations');
  await screenshots(direct, 'sign-in-proxy-header');

  // The browser plays the authenticating proxy here: it sends the header the proxy would add.
  const proxied = await (await browser.newContext({ baseURL: base, extraHTTPHeaders: { 'x-forwarded-user': 'pat' } })).newPage();
  await proxied.goto('/');
  await proxied.getByTestId('signed-in-as').getByText('pat').waitFor();
  t.equal(new URL(proxied.url()).pathname, '/', 'signed in straight away, on the home page');
  t.equal(await proxied.getByRole('button', { name: 'Sign out' }).count(), 1);
});
