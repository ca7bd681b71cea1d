// `node scripts/screenshots.mjs [section…]`: the README's screenshots of a running cluster, made for real: the
// VS Code server with the extension, headless Chromium, and ipyparallel 7.1 (/usr/bin/python3; 9.2 for a run,
// whose tasks carry labels), on copies of example/sandbox in a fresh temp dir. Sections (all by default):
// `one-folder` writes media/screenshot-{walkthrough,scale,log-follow}.png, `multi-root`
// media/screenshot-multi-root.png, `run` media/screenshot-run-{progress,timeline}.png.
// Every cluster it started is killed by pid at the end (test/cleanup.ts), even on failure; the temp dir
// stays when it failed (failure.png, the server's logs under state/).
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const media = path.join(root, 'media');
const python = '/usr/bin/python3';
const python92 = path.join(root, '.ipp-versions/ipp-9.2/bin/python');
const sections = process.argv.slice(2).length ? process.argv.slice(2) : ['one-folder', 'multi-root', 'run'];
for (const p of sections.includes('run') ? [python, python92] : [python]) execFileSync(p, ['-c', 'import ipyparallel'], { stdio: 'inherit' }); // scripts/setup.sh
execFileSync(process.execPath, [path.join(root, 'build.mjs')], { stdio: 'inherit', cwd: root });

const { startServer } = await import('../test/host/server.mjs');
const { takeScreenshot } = await import('./screenshot.mjs');
const { answer, clearNotifications, expand, palette, pick, quickInput, showView, sleep, treeRow, waitForCount, waitForText } = await import('../test/host/workbench.mjs');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-shots-'));
// The test runner's safety net, bundled here (build.mjs --tests would replace out/test under a running test).
createRequire(import.meta.url)('esbuild').buildSync({
  entryPoints: [path.join(root, 'test/cleanup.ts')], outfile: path.join(tmp, 'cleanup.js'), bundle: true, format: 'cjs',
  platform: 'node', target: 'node20', logLevel: 'warning',
  define: { 'import.meta.url': 'import_meta_url' }, inject: [path.join(root, 'scripts/import-meta-url.js')],
});
const { killLeftoverClusters } = createRequire(import.meta.url)(path.join(tmp, 'cleanup.js'));

/** A copy of the example sandbox named `name`, with a Python that has ipyparallel. */
function sandboxCopy(name, engineCount, pythonPath = python) {
  const dir = path.join(tmp, name);
  const from = path.join(root, 'example/sandbox');
  fs.cpSync(from, dir, { recursive: true, filter: (src) => path.relative(from, src) !== 'ipyparallel' }); // no local profile
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  const settings = { 'ippEngines.pythonPath': pythonPath, 'ippEngines.engineCount': engineCount };
  fs.writeFileSync(path.join(dir, '.vscode/settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return dir;
}

// A plain workbench: no startup editor, no chat, no secondary side bar.
const stateDir = path.join(tmp, 'state');
fs.mkdirSync(path.join(stateDir, 'user-data/User'), { recursive: true });
fs.writeFileSync(path.join(stateDir, 'user-data/User/settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'editor.minimap.enabled': false,
}, null, 2));

const shot = async (page, name, clip) => {
  const file = path.join(media, name);
  await page.screenshot({ path: file, clip });
  console.log(`${path.relative(root, file)}: ${fs.statSync(file).size} bytes`);
};
/** The user's client of the `run` section: 48 surveys labelled by season, each printing as it goes; two fail. */
const SURVEY_RUN = `
import getpass, os, socket, ipyparallel as ipp
rc = ipp.Client(profile_dir=os.path.join('ipyparallel', getpass.getuser(), socket.gethostname().split('.')[0]))
def survey(seed):
    import random, time
    from EXOSIMS.Prototypes.SurveySimulation import run_one
    rng = random.Random(seed)
    for step in range(3):
        busy_until = time.time() + rng.uniform(0.3, 1.2)
        while time.time() < busy_until:
            sum(i * i for i in range(10000))
        print(f'survey {seed}: observing block {step + 1}/3', flush=True)
    if seed in (13, 37):
        raise RuntimeError(f'survey {seed}: keepout map has no valid target')
    return run_one(seed)
for season in ('spring', 'summer'):
    view = rc.load_balanced_view()
    view.set_flags(label=season)
    ars = [view.apply_async(survey, seed) for seed in range(24 * (season == 'summer'), 24 * (1 + (season == 'summer')))]
rc.wait(timeout=300)
`;

/** Drags the sash between the side bar and the editor to `x`: wide enough for the rows' descriptions. */
async function widenSideBar(page, x) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  await page.mouse.move(sidebar.x + sidebar.width + 2, 400);
  await page.mouse.down();
  await page.mouse.move(x, 400, { steps: 10 });
  await page.mouse.up();
}

let server;
let user;
let done = false;
try {
  server = await startServer({ stateDir });
  const extension = [['extensionDevelopmentPath', server.remote(root)]];

  // One folder: the walkthrough, then a 3-engine cluster: Scale Engines… and an engine's log that follows.
  if (sections.includes('one-folder')) {
    const sandbox = sandboxCopy('sandbox', 3);
    const logFollow = path.join(media, 'screenshot-log-follow.png');
    await takeScreenshot(server.workbenchUrl(sandbox, extension), logFollow, {
      openView: false,
      before: async (page) => {
        // The walkthrough first, then the view: a step whose context key was set before the walkthrough was
        // first opened showed unticked here.
        await palette(page, 'Welcome: Open Walkthrough...');
        await pick(page, 'Get Started with IPP Engines');
        await sleep(page, 2000);
        await showView(page);
        await waitForText(page, '.part.sidebar', 'Create Profile');
        await palette(page, 'IPP: Create Profile');
        await waitForText(page, '.part.sidebar', 'Controller');
        await palette(page, 'IPP: Start Cluster');
        await answer(page, 'How many engines', '3');
        await waitForText(page, '.part.sidebar', '3/3 ready');
        await expand(page, treeRow(page, /^Engines/));
        await clearNotifications(page);
        // The walkthrough's media column needs an editor wider than 950 px.
        await page.setViewportSize({ width: 1440, height: 760 });
        await page.locator('.getting-started-step', { hasText: 'Start the cluster' }).click();
        await page.mouse.move(700, 740);
        await sleep(page, 3000);
        await shot(page, 'screenshot-walkthrough.png');
        await page.setViewportSize({ width: 1280, height: 760 });

        // Scale Engines… beside the simulation code.
        await palette(page, 'View: Close All Editors');
        await page.keyboard.press('Control+P');
        await page.keyboard.type('SurveySimulation.py');
        await quickInput(page, 'SurveySimulation.py');
        await sleep(page, 500);
        await page.keyboard.press('Enter');
        await page.locator('.tab', { hasText: 'SurveySimulation.py' }).waitFor();
        await sleep(page, 1500);
        await palette(page, 'IPP: Scale Engines…');
        await quickInput(page, 'Engines now: 3');
        await sleep(page, 1000);
        await shot(page, 'screenshot-scale.png', { x: 0, y: 0, width: 1280, height: 500 });
        await page.keyboard.press('Escape');
        await page.setViewportSize({ width: 1280, height: 560 }); // fewer lines of log: a smaller PNG
        await sleep(page, 1000);

        // engine 0's log from its row's inline action; lines appended to the file then show up in the editor.
        const engine0 = treeRow(page, 'engine 0');
        const labels = (await engine0.locator('[aria-label]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).join('\n');
        const logFile = /^Log: (.*)$/m.exec(labels)?.[1]; // the row's tooltip names the file
        if (!logFile) throw new Error(`engine 0's row names no log: ${labels}`);
        await engine0.hover();
        await engine0.locator('[aria-label="Open Log File"]').click();
        await page.locator('.tab', { hasText: path.basename(logFile) }).waitFor({ timeout: 30_000 });
        await sleep(page, 1500);
        await page.click('.part.editor .monaco-editor .view-lines');
        await page.keyboard.press('Control+End');
        await clearNotifications(page);
        await page.mouse.move(700, 540);
        await sleep(page, 1500);
        const stamp = () => new Date().toISOString().replace('T', ' ').slice(0, 23);
        fs.appendFileSync(logFile, [
          `${stamp()} [IPEngine] follow-mode: this line was appended after the log was opened`,
          `${stamp()} [IPEngine] follow-mode: the editor re-reads the file once a second`,
          `${stamp()} [IPEngine] follow-mode: and, scrolled to the end, stays at the end`,
        ].join('\n') + '\n');
        await sleep(page, 3000); // and takeScreenshot waits 4 s more
      },
    });
    console.log(`${path.relative(root, logFollow)}: ${fs.statSync(logFollow).size} bytes`);
  }

  // Two folders, a cluster each: both started from the palette, then survey-b's stopped; survey-a runs on.
  if (sections.includes('multi-root')) {
    const workspace = path.join(tmp, 'surveys.code-workspace');
    sandboxCopy('survey-a', 2);
    sandboxCopy('survey-b', 2);
    fs.writeFileSync(workspace, JSON.stringify({ folders: [{ path: 'survey-a' }, { path: 'survey-b' }] }, null, 2) + '\n');
    const multiRoot = path.join(media, 'screenshot-multi-root.png');
    await takeScreenshot(server.workbenchUrl(workspace, extension), multiRoot, {
      viewport: { width: 1000, height: 760 },
      clip: { x: 0, y: 0, width: 1000, height: 360 },
      before: async (page) => {
        await showView(page);
        await waitForText(page, '.part.sidebar', /survey-b|Create Profile/); // rows, or the welcome content when no profile
        for (const folder of ['survey-a', 'survey-b']) {
          await palette(page, 'IPP: Create Profile');
          await pick(page, folder);
          await sleep(page, 3000);
        }
        for (const [i, folder] of ['survey-a', 'survey-b'].entries()) {
          await palette(page, 'IPP: Start Cluster');
          await pick(page, folder);
          await answer(page, `How many engines for ${folder}`, '2');
          await waitForCount(page, '2/2 ready', i + 1);
        }
        await palette(page, 'IPP: Stop Cluster');
        await pick(page, 'survey-b');
        await waitForCount(page, '2/2 ready', 1);
        for (const folder of ['survey-a', 'survey-b']) await expand(page, treeRow(page, folder).first());
        for (const engines of await treeRow(page, /^Engines/).all()) await expand(page, engines);
        await clearNotifications(page);
        await widenSideBar(page, 620);
        await page.click('.part.sidebar .monaco-list', { position: { x: 100, y: 500 } }); // empty space: no selection
        await page.mouse.move(900, 400);
      },
    });
    console.log(`${path.relative(root, multiRoot)}: ${fs.statSync(multiRoot).size} bytes`);
  }

  // A run of 48 labelled surveys on 4 engines from a client of its own (as a notebook would be): the tree,
  // the status bar and Task Output while it runs, then the Run Timeline once it ended.
  if (sections.includes('run')) {
    const sandbox = sandboxCopy('survey-run', 4, python92);
    const timeline = path.join(media, 'screenshot-run-timeline.png');
    await takeScreenshot(server.workbenchUrl(sandbox, extension), timeline, {
      before: async (page) => {
        await waitForText(page, '.part.sidebar', 'Create Profile');
        await palette(page, 'IPP: Create Profile');
        await waitForText(page, '.part.sidebar', 'Controller');
        await palette(page, 'IPP: Start Cluster');
        await answer(page, 'How many engines', '4');
        await waitForText(page, '.part.sidebar', '4/4 ready');
        await expand(page, treeRow(page, /^Engines/));
        await clearNotifications(page);
        user = spawn(python92, ['-c', SURVEY_RUN], { cwd: sandbox, stdio: 'inherit' });
        await palette(page, 'IPP: Show Task Output');
        await waitForText(page, '.part.sidebar', /done · 4 running/);
        await widenSideBar(page, 640);
        await page.click('.part.sidebar .monaco-list', { position: { x: 100, y: 500 } }); // empty space: no selection
        await sleep(page, 9000);
        await page.mouse.move(1000, 300);
        await shot(page, 'screenshot-run-progress.png');
        await new Promise((resolve) => user.on('exit', resolve));
        await sleep(page, 3000); // the run's end seen, and told
        await palette(page, 'View: Hide Panel');
        await clearNotifications(page);
        await palette(page, 'IPP: Show Run Timeline'); // the palette last: F1 does not reach the workbench from a webview
        await page.locator('.tab', { hasText: 'Run Timeline' }).waitFor();
        await page.mouse.move(1000, 80);
        await sleep(page, 3000);
      },
    });
    console.log(`${path.relative(root, timeline)}: ${fs.statSync(timeline).size} bytes`);
  }
  done = true;
} finally {
  user?.kill('SIGKILL');
  server?.stop();
  console.log('Ended the clusters started here, pids:', (await killLeftoverClusters(tmp)).join(' ') || 'none');
  if (done) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
  else console.log(`Left for a look: ${tmp}`);
}
