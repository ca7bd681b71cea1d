// Entry point loaded by the extension host: runs every *.test.js beside it with mocha and writes the
// counts, and the title and message of each failure, where run-all.mjs reads them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 240_000, reporter: 'spec' });
  const grep = process.env.IPP_TEST_GREP;
  if (grep) mocha.grep(grep);
  // IPP_TEST_SUITES: file-name prefixes of the suites to run (the slow cluster suites on extra versions).
  const suites = (process.env.IPP_TEST_SUITES ?? '').split(',').filter(Boolean);
  // The Restricted Mode suite needs an untrusted host, the multi-root suite a two-folder workspace, the
  // multi-host suite a host on the test bed's login host, and the running-at-start suite a cluster started
  // before the window opened: run-all.mjs starts a host for each alone, naming it in the environment.
  const ownHosts: Record<string, string> = {
    IPP_HOST_WORKSPACE_TRUST: '10-restricted',
    IPP_TEST_MULTI_ROOT: '13-multi-root',
    IPP_TEST_MULTI_HOST: '15-multi-host',
    IPP_TEST_RUNNING_AT_START: '16-running-at-start',
  };
  const host = Object.entries(ownHosts).find(([variable]) => process.env[variable])?.[1];
  const ownHost = (f: string) => Object.values(ownHosts).find((prefix) => f.startsWith(prefix));
  const wanted = (f: string) => ownHost(f) === host && (!suites.length || suites.some((prefix) => f.startsWith(prefix)));
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && wanted(f))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  await new Promise<void>((resolve, reject) => {
    const failed: string[] = [];
    const runner = mocha.run((failures) => {
      const results = process.env.IPP_TEST_RESULTS;
      if (results) fs.writeFileSync(results, JSON.stringify({ passed: runner.stats?.passes ?? 0, failed: failures, failures: failed }));
      if (failures) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('fail', (test, error: Error) =>
      failed.push(`${test.fullTitle()}: ${error.message.split('\n').filter(Boolean).slice(0, 3).join(' ').slice(0, 300)}`),
    );
  });
}
