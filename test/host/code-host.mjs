#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests spawns: it takes the same
// arguments (--extensionDevelopmentPath, --extensionTestsPath, a folder) and runs the tests in the real
// extension host of the VS Code server, opened in headless Chromium. Exits with the tests' exit code.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { launchChromium, startServer } from './server.mjs';

const args = process.argv.slice(2);
// IPP_HOST_ON=login: the whole host (server, Chromium, extension host) runs on that host of the multi-host
// test bed (scripts/multi-node.sh), as a VS Code host on a cluster's login node would.
if (process.env.IPP_HOST_ON && !process.env.IPP_HOST_INSIDE) {
  const bed = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/multi-node.sh');
  const inside = spawnSync('bash', [bed, 'on', process.env.IPP_HOST_ON, 'env', 'IPP_HOST_INSIDE=1', process.execPath, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  process.exit(inside.status ?? 1);
}
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const devPath = option('extensionDevelopmentPath');
const testsPath = option('extensionTestsPath');
const folder = args.filter((a) => !a.startsWith('--')).pop();
const timeoutMs = Number(process.env.IPP_HOST_TIMEOUT_MS || 30 * 60_000);
const verbose = Boolean(process.env.IPP_HOST_VERBOSE);
// Workbench chatter that an offline host always prints (gallery, accounts): shown only when verbose.
const noise = /^\[|^%c|^Creating a socket|^Updating additional|ENOTFOUND|^\s+at |workbench\.js/;
// Except why a save failed or was cancelled: a test's `document.save()` only says false.
const kept = /\[text file model\] (handleSaveError|runSaveParticipants|save\(\) - ignoring)/;

let server;
let browser;
async function main() {
  server = await startServer({
    log: (text) => verbose && process.stderr.write(`[server] ${text}`),
    workspaceTrust: Boolean(process.env.IPP_HOST_WORKSPACE_TRUST),
  });
  browser = await launchChromium();
  const page = await browser.newPage();
  const finished = new Promise((resolve) => {
    page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const text = Array.isArray(logArgs) ? format(...logArgs) : String(logArgs);
      // Line by line: a test failure's message stays even when its stack runs through the workbench.
      const shown = verbose ? text : text.split('\n').filter((line) => kept.test(line) || !noise.test(line)).join('\n');
      if (!shown.trim()) return;
      (type === 'error' ? process.stderr : process.stdout).write(shown.endsWith('\n') ? shown : shown + '\n');
    });
    page.exposeFunction('codeAutomationExit', (code) => resolve(code));
  });
  const payload = [['extensionDevelopmentPath', server.remote(devPath)], ['extensionTestsPath', server.remote(testsPath)]];
  await page.goto(server.workbenchUrl(folder, payload));
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`tests did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  const code = await Promise.race([finished, timeout]);
  clearTimeout(timer);
  return code;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`code-host: ${error.message}`);
}
await browser?.close().catch(() => {});
server?.stop();
process.exit(exitCode);
