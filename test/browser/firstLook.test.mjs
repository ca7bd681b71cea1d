// A newcomer's first look, as `npm start` serves it (the VS Code server without the smoke-test driver, so
// notifications show as toasts): real clicks and keys in Chromium, on a copy of the example sandbox, with the
// interpreter the extension finds by itself. Judged from outside the extension: an ipyparallel Client of our
// own says which engines run and which code they hold, and /proc says what is left at the end.
// Screenshots go to out/screenshots/ (IPP_SCREENSHOTS_TO=media refreshes the README's pictures).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchChromium, serveExtension } from '../host/server.mjs';
import { answer, palette, sleep, treeRow, waitForText } from '../host/workbench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shots = path.resolve(root, process.env.IPP_SCREENSHOTS_TO ?? 'out/screenshots');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-first-look-'));
const sandbox = path.join(tmp, 'sandbox');
fs.cpSync(path.join(root, 'example/sandbox'), sandbox, { recursive: true, filter: (src) => !src.includes(`${path.sep}ipyparallel`) });
const profileDir = path.join(sandbox, 'ipyparallel', os.userInfo().username, os.hostname().split('.')[0]);
let server;
let browser;

after(async () => {
  await browser?.close().catch(() => {});
  server?.stop();
  // Whatever a failure left running under the scratch folder ends here, by pid.
  for (const pid of processesUnder(tmp)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
});

/**
 * Pids of processes whose command line or working folder is under `dir` (read from /proc), but for the VS Code
 * server's own (its process group `exceptGroup`: language servers) unless they run ipyparallel or our helpers.
 */
function processesUnder(dir, exceptGroup) {
  const pids = [];
  for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      const ours = group !== exceptGroup || /ipyparallel|ipcontroller|ipengine|ipcluster|ipp_/.test(cmdline);
      if ((cmdline.includes(dir) || cwd.startsWith(dir)) && ours) pids.push(Number(entry));
    } catch {
      // ended, or not ours
    }
  }
  return pids.filter((pid) => pid !== process.pid);
}

/** The engines as a Client of our own sees them: ids, pids and the MODEL_VERSION each has loaded. */
function engines() {
  const script = [
    'import json, os, sys, ipyparallel as ipp',
    'c = ipp.Client(profile_dir=sys.argv[1], timeout=20)',
    'c.wait_for_engines(2, timeout=30)',
    'v = c[:]',
    'pids = v.apply_sync(os.getpid)',
    "models = v.apply_sync(lambda: __import__('EXOSIMS.Prototypes.SurveySimulation', fromlist=['x']).MODEL_VERSION)",
    'print(json.dumps({"ids": c.ids, "pids": pids, "models": models}))',
    'c.close()',
  ].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, profileDir], { encoding: 'utf8', timeout: 60_000 }));
}

/** `pid: command line` of each, for a failure's message. */
const describe = (pids) => pids.map((pid) => `${pid}: ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 200)}`).join('; ');

async function until(check, what, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${typeof what === 'function' ? what() : what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function shot(page, name) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, name) });
}

test('first look: the view, Create Profile, Start Cluster with 2 engines, an edit and save, the offer as a toast, Restart, Stop', async () => {
  server = await serveExtension({ folder: sandbox, stateDir: path.join(tmp, 'state') });
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(server.url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });

  // The activity-bar icon shows the view; with no profile yet, its welcome content offers Create Profile.
  const icon = page.locator('.part.activitybar a.action-label[aria-label^="IPP Engines"]');
  await icon.waitFor({ state: 'visible', timeout: 60_000 });
  await icon.click();
  const createProfile = page.locator('.part.sidebar .monaco-button', { hasText: 'Create Profile' });
  await createProfile.waitFor({ state: 'visible', timeout: 60_000 });
  await createProfile.click();
  await waitForText(page, '.part.sidebar', 'Controller');
  // The tree shows the profile once its folders exist (a refresh on their file events), a moment before
  // `ipython profile create` has written its config files: the command's end is that file.
  const config = path.join(profileDir, 'ipcontroller_config.py');
  for (const deadline = Date.now() + 60_000; !fs.existsSync(config) && Date.now() < deadline; ) await sleep(page, 200);
  assert.ok(fs.existsSync(config), `no profile at ${profileDir}`);

  await palette(page, 'IPP: Start Cluster');
  await answer(page, 'How many engines', '2');
  await waitForText(page, '.part.sidebar', '2/2 ready');
  const before = engines();
  assert.equal(before.ids.length, 2);
  assert.deepEqual(before.models, [1, 1]);

  // Edit MODEL_VERSION in the editor, as a person would, and save.
  await page.keyboard.press('Control+P');
  await page.keyboard.type('SurveySimulation.py');
  await sleep(page, 1000);
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: 'SurveySimulation.py' }).waitFor({ timeout: 30_000 });
  await page.click('.part.editor .monaco-editor .view-lines');
  await page.keyboard.press('Control+G');
  await page.keyboard.type('4');
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('2');
  await page.keyboard.press('Control+S');
  await until(() => /^MODEL_VERSION = 2$/m.test(fs.readFileSync(path.join(sandbox, 'EXOSIMS/Prototypes/SurveySimulation.py'), 'utf8')), 'the edit saved');

  // The offer comes as a toast a person sees, not only in the notification centre.
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Simulation sources changed' });
  await toast.waitFor({ state: 'visible', timeout: 60_000 });
  await sleep(page, 500);
  await shot(page, 'screenshot-save-offer.png');
  await toast.locator('.monaco-button', { hasText: 'Restart Engines' }).click();

  // Fresh engines: other processes, holding the saved code.
  const fresh = await until(() => {
    let now;
    try {
      now = engines();
    } catch {
      return false; // mid-restart: an engine left while our Client asked it
    }
    return now.pids.length === 2 && now.pids.every((pid) => !before.pids.includes(pid)) && now.models.every((m) => m === 2) && now;
  }, 'fresh engines with MODEL_VERSION 2');
  assert.deepEqual(fresh.models, [2, 2]);
  // Python sees the fresh engines before the restart's own closing refresh has redrawn the tree.
  await waitForText(page, '.part.sidebar', '2/2 ready');
  await until(async () => (await treeRow(page, 'stale').count()) === 0, 'no engine row says stale after the restart', 30_000);

  await palette(page, 'IPP: Stop Cluster');
  await waitForText(page, '.part.sidebar', 'stopped');
  const left = () => processesUnder(sandbox, server.pid);
  await until(() => left().length === 0, () => `every process of the cluster ended (left: ${describe(left())})`);
});
