// Opens a workbench URL in headless Chromium, shows the IPP Engines view and saves a PNG.
// Options: `before(page)` runs after the click on the view and may save PNGs of its own; `openView: false`
// skips the click; `viewport` and `clip` (the part of the page saved) are Playwright's.
import { launchChromium } from '../test/host/server.mjs';

export async function takeScreenshot(url, file, { before, openView = true, viewport = { width: 1280, height: 760 }, clip } = {}) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForTimeout(4000);
    if (openView) await page.click('[aria-label^="IPP Engines"]').catch(() => {});
    if (before) await before(page);
    await page.waitForTimeout(4000);
    await page.screenshot({ path: file, clip });
  } finally {
    await browser.close();
  }
}
