// `npm start`: set-up when missing, then the extension packaged and installed into the VS Code server, which
// opens the example sandbox (serveExtension). Prints a localhost URL to open in a browser; Ctrl+C stops the server.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Only what the example needs; a screenshot also needs the tests' Chromium.
execFileSync('bash', [path.join(root, 'scripts/setup.sh'), ...(process.env.IPP_SCREENSHOT ? [] : ['--demo'])], { stdio: 'inherit' });

const { serveExtension } = await import('../test/host/server.mjs');
const port = Number(process.env.PORT || 8123);
const stateDir = path.join(os.tmpdir(), 'ipp-engines-start');
fs.mkdirSync(stateDir, { recursive: true });
// As a person sees it: notifications shown (the test host's smoke-test driver hides every toast).
const server = await serveExtension({ folder: path.join(root, 'example/sandbox'), port, stateDir });
const { url } = server;
console.log(`\nIPP Engines is running on the example sandbox. Open:\n\n  ${url}\n\n(over SSH: forward port ${port} first). Ctrl+C stops the server.`);
if (process.env.IPP_SCREENSHOT) {
  const { takeScreenshot } = await import('./screenshot.mjs');
  await takeScreenshot(url, process.env.IPP_SCREENSHOT);
  server.stop();
  process.exit(0);
}
const stop = () => {
  server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
