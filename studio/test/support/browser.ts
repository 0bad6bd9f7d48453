// Debian's Chromium driven by playwright-core for the studio's browser tests and benches (sign-in through
// the form included), plus the two checks every
// main page gets: screenshots at 1366 and 1280 px (saved under studio/artifacts/screenshots, gitignored)
// and an axe-core scan that fails on serious or critical violations.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'artifacts', 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium, headless; with `ingressDomain`, every host under it resolves to 127.0.0.1 (the ingress). */
export async function launchChromium(ingressDomain?: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.NULLOPS_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', ...(ingressDomain ? [`--host-resolver-rules=MAP *.${ingressDomain} 127.0.0.1`] : [])],
  });
}

/** Fills the sign-in form the page shows and sends it. */
export async function fillSignInForm(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.locator('#username').fill(who.username);
  await page.locator('#password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the sign-in page, signs in as `who` and waits for the home page. */
export async function signInThroughForm(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.goto('/sign-in');
  await fillSignInForm(page, who);
  await page.waitForURL((url) => url.pathname === '/');
}

export async function newContext(browser: Browser, base: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL: base, viewport: { width: 1366, height: 900 } });
}

/** Saves `<name>-1366.png` and `<name>-1280.png` of the whole page. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const width of [1366, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

export interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}
