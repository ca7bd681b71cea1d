// Opens a workbench URL in headless Chromium, shows the IPP Engines view and saves a PNG.
import { launchChromium } from '../test/host/server.mjs';

export async function takeScreenshot(url, file, { before } = {}) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForTimeout(4000);
    await page.click('[aria-label^="IPP Engines"]').catch(() => {});
    if (before) await before(page);
    await page.waitForTimeout(4000);
    await page.screenshot({ path: file });
  } finally {
    await browser.close();
  }
}
