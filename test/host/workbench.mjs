// Driving the VS Code workbench in Chromium as a person does: the palette, quick picks, input boxes, the
// IPP Engines view's rows. Used by the README's screenshots and the browser test of what `npm start` serves.
import * as os from 'node:os';
import * as path from 'node:path';

export const sleep = (page, ms) => page.waitForTimeout(ms);
/** Waits for the quick input (palette, input box, pick) to show `text`. */
export const quickInput = (page, text) => page.locator('.quick-input-widget', { hasText: text }).waitFor({ state: 'visible', timeout: 60_000 });
/** Runs a command from the palette (F1), as a person would. */
export async function palette(page, title) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(title);
  await quickInput(page, title.replace(/…$/, ''));
  await sleep(page, 500);
  await page.keyboard.press('Enter');
}
/** Answers the open quick pick with the item that shows `text`. */
export async function pick(page, text) {
  await quickInput(page, text);
  await page.keyboard.type(text);
  await sleep(page, 500);
  await page.keyboard.press('Enter');
}
/** Answers an input box: replaces its prefilled value. */
export async function answer(page, prompt, value) {
  await quickInput(page, prompt);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}
export async function clearNotifications(page) {
  await palette(page, 'Notifications: Clear All Notifications');
  await sleep(page, 500);
}
export const treeRow = (page, text) => page.locator('.part.sidebar .monaco-list-row', { hasText: text });
export async function waitForText(page, selector, text, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  const shows = (content) => (typeof text === 'string' ? content.includes(text) : text.test(content));
  while (!shows(await page.textContent(selector))) {
    if (Date.now() > deadline) {
      const failure = path.join(os.tmpdir(), `ipp-workbench-failure-${process.pid}.png`);
      await page.screenshot({ path: failure });
      throw new Error(`"${text}" did not show in ${selector} within ${timeoutMs} ms (the page then: ${failure})`);
    }
    await sleep(page, 1000);
  }
}
/** Shows the IPP Engines view if the side bar shows another (a click on its icon when shown would hide it). */
export async function showView(page) {
  if (!(await page.textContent('.part.sidebar .title')).includes('IPP Engines')) await page.click('[aria-label^="IPP Engines"]');
}
/** Waits until the view shows `text` exactly `count` times. */
export async function waitForCount(page, text, count, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await page.textContent('.part.sidebar')).split(text).length - 1 !== count) {
    if (Date.now() > deadline) throw new Error(`"${text}" did not show ${count} time(s) in the view within ${timeoutMs} ms`);
    await sleep(page, 1000);
  }
}
/** Expands a collapsed tree row. */
export async function expand(page, row) {
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  await sleep(page, 500);
}

