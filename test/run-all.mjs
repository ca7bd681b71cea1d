// `npm test`: set-up when missing, lint, build, type-check, unit tests under plain Node, then the integration
// suite inside a real VS Code extension host (through @vscode/test-electron), with real ipyparallel
// clusters, once per supported ipyparallel version. Prints a line per version, "ipyparallel X: N passed,
// N failed", and ends with one line, "N passed, N failed", over everything. IPP_TEST_VERSIONS=9.2 (or a
// comma-separated list) runs the integration suites on those versions only; a host by name (restricted,
// multi-root, multi-host) or one host's version (multi-host@9.2); `browser` names the browser test of what
// `npm start` serves.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const only = process.argv[2]; // "unit" or "integration" to run one suite

execFileSync('bash', ['scripts/setup.sh'], { stdio: 'inherit' });
// Lint first (ESLint and Prettier, see package.json): a lint error fails the run before anything is built.
execFileSync('npm', ['run', '--silent', 'lint'], { stdio: 'inherit' });
execFileSync(process.execPath, ['build.mjs', '--tests'], { stdio: 'inherit' });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });

const totals = { passed: 0, failed: 0 };
/** test/fixtures.ts, built (loaded with the integration suites): what the runner plants before a host opens. */
let plantHostileProfile, startClusterOutside, waitForEnginesOutside;
// Each failure, named by where it ran: repeated just above the last line, where a CI log's tail shows it.
const failures = [];
const tally = (label, counts) => {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  failures.push(...(counts.failures ?? []).map((failure) => `${label}: ${failure}`));
};
fs.mkdirSync('out', { recursive: true });

if (only !== 'integration') {
  const counts = path.join(root, 'out/unit-counts.json');
  const unitFiles = fs.readdirSync('out/test/unit').filter((f) => f.endsWith('.test.js')).map((f) => path.join('out/test/unit', f));
  spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=./test/count-reporter.mjs', `--test-reporter-destination=${counts}`, ...unitFiles], { stdio: 'inherit' });
  const unit = fs.existsSync(counts) ? JSON.parse(fs.readFileSync(counts, 'utf8')) : { passed: 0, failed: 1, failures: ['the unit run wrote no counts'] };
  console.log(`unit: ${unit.passed} passed, ${unit.failed} failed`);
  tally('unit', unit);
}

// A newcomer's first look, in Chromium with real clicks, against what `npm start` serves (test/browser/).
if (!only && (!process.env.IPP_TEST_VERSIONS || process.env.IPP_TEST_VERSIONS.split(',').includes('browser'))) {
  const counts = path.join(root, 'out/browser-counts.json');
  fs.rmSync(counts, { force: true });
  spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=./test/count-reporter.mjs', `--test-reporter-destination=${counts}`, 'test/browser/firstLook.test.mjs'], { stdio: 'inherit' });
  const browser = fs.existsSync(counts) ? JSON.parse(fs.readFileSync(counts, 'utf8')) : { passed: 0, failed: 1, failures: ['the browser run wrote no counts'] };
  console.log(`browser (what npm start serves): ${browser.passed} passed, ${browser.failed} failed`);
  tally('browser', browser);
}

// Every supported ipyparallel: Debian 12's 7.1 drives every suite; 8.8 and 9.2 (venvs made by
// scripts/setup-ipp-versions.sh, as most users have them) the suites that run clusters.
const clusterSuites = '03-lifecycle,05-save-watcher,06-faults,07-clusters,08-failures,09-bad-input,11-instant,12-ux,17-machine,18-run';
const versions = [
  { python: '/usr/bin/python3', suites: '' },
  { python: path.join(root, '.ipp-versions/ipp-8.8/bin/python'), suites: clusterSuites },
  // 9.2 also drives engines through ipyparallel's Slurm and MPI launchers, on a Slurm started below.
  { python: path.join(root, '.ipp-versions/ipp-9.2/bin/python'), suites: `${clusterSuites},14-scale-out`, scaleOut: true },
  // Restricted Mode gets a host of its own: the folder opens untrusted, with settings that name a Python.
  { python: '/usr/bin/python3', suites: '10-restricted', host: 'restricted' },
  // So does a multi-root workspace: two sandboxes, one cluster each.
  { python: path.join(root, '.ipp-versions/ipp-9.2/bin/python'), suites: '13-multi-root', host: 'multi-root' },
  // And a window opened on a folder whose cluster a terminal started before.
  { python: '/usr/bin/python3', suites: '16-running-at-start', host: 'running-at-start' },
  // And engines on other hosts: a host on the login host of a three-host bed with a real Slurm across it.
  { python: path.join(root, '.ipp-versions/ipp-8.8/bin/python'), suites: '15-multi-host', host: 'multi-host' },
  { python: path.join(root, '.ipp-versions/ipp-9.2/bin/python'), suites: '15-multi-host', host: 'multi-host' },
].filter((v) => !process.env.IPP_TEST_VERSIONS || process.env.IPP_TEST_VERSIONS.split(',').some((want) =>
  v.host ? want === v.host || want === `${v.host}@${/ipp-([\d.]+)/.exec(v.python)?.[1] ?? '7.1'}` : v.python.includes(`ipp-${want}`) || (want === '7.1' && v.python === '/usr/bin/python3')));

if (only !== 'unit') {
  // A single-node Slurm of the tests' own (own configuration file and ports), stopped by pid at the end.
  const scaleOut = versions.some((v) => v.scaleOut);
  if (scaleOut) {
    const exported = execFileSync('bash', ['scripts/scale-out.sh', 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.env.SLURM_CONF = /export SLURM_CONF=(.*)/.exec(exported)[1].trim();
  }
  process.on('exit', () => scaleOut && spawnSync('bash', ['scripts/scale-out.sh', 'stop'], { stdio: 'inherit' }));
  const { runTests } = await import('@vscode/test-electron');
  const cleanup = await import('../out/test/cleanup.js');
  const fixtures = await import('../out/test/fixtures.js');
  ({ plantHostileProfile, startClusterOutside, waitForEnginesOutside } = fixtures.plantHostileProfile ? fixtures : fixtures.default);
  const killLeftoverClusters = cleanup.killLeftoverClusters ?? cleanup.default.killLeftoverClusters;
  for (const version of versions) {
    const ipp = `ipyparallel ${execFileSync(version.python, ['-c', 'import ipyparallel; print(ipyparallel.__version__)'], { encoding: 'utf8' }).trim()}`;
    const label = { restricted: `Restricted Mode (${ipp})`, 'multi-root': `a multi-root workspace (${ipp})`, 'multi-host': `engines on many hosts (${ipp})`, 'running-at-start': `a cluster running at start (${ipp})` }[version.host] ?? ipp;
    console.log(`\n=== Integration suites on ${label} (${version.python}) ===`);
    const counts = await runIntegration(runTests, killLeftoverClusters, version);
    console.log(`${label}: ${counts.passed} passed, ${counts.failed} failed`);
    tally(label, counts);
  }
}

async function runIntegration(runTests, killLeftoverClusters, version) {
  // Spaces and non-ASCII in every path the tests use: the workspace folder is a copy of the example
  // sandbox (tests edit and save its sources) under such a name.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp it é-'));
  const results = path.join(scratch, 'results.json');
  const reliability = path.join(scratch, 'reliability.json');
  const workspace = path.join(scratch, 'sand box ü');
  const copySandbox = (to) => fs.cpSync(path.join(root, 'example/sandbox'), to, { recursive: true, filter: (src) => !src.includes(`${path.sep}ipyparallel`) });
  copySandbox(workspace);
  if (version.host === 'restricted') writeUntrustedSettings(workspace, scratch);
  if (version.host === 'running-at-start') startBeforeTheWindow(workspace, version.python);
  let opened = workspace;
  if (version.host === 'multi-root') {
    const second = path.join(scratch, 'second sandbox');
    copySandbox(second);
    opened = path.join(scratch, 'two sandboxes.code-workspace');
    fs.writeFileSync(opened, JSON.stringify({ folders: [{ path: workspace }, { path: second }] }, null, 2));
  }
  // The multi-host bed: up for its suite alone, down after it (by pid and namespace), even on failure. Its
  // profile has no spaces (ipyparallel writes it unquoted into the batch script).
  const multiHost = version.host === 'multi-host' ? fs.mkdtempSync('/tmp/ipp-multi-host-') : undefined;
  if (multiHost) execFileSync('bash', ['scripts/multi-node.sh', 'up'], { stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    await runTests({
      vscodeExecutablePath: path.join(root, 'test/host/code-host.mjs'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out/test/integration/index.js'),
      launchArgs: [opened],
      extensionTestsEnv: {
        IPP_TEST_PYTHON: version.python,
        IPP_TEST_SUITES: process.env.IPP_TEST_SUITES ?? version.suites,
        IPP_TEST_RELIABILITY: reliability,
        IPP_TEST_RESULTS: results,
        IPP_TEST_SCRATCH: scratch,
        // An IPython directory of its own: what notebooks of this host start lives there, never in the user's.
        IPYTHONDIR: path.join(scratch, 'ipython'),
        IPP_EXAMPLE_SANDBOX: path.join(root, 'example/sandbox'),
        ...(version.host === 'restricted' ? { IPP_HOST_WORKSPACE_TRUST: '1' } : {}),
        ...(version.host === 'multi-root' ? { IPP_TEST_MULTI_ROOT: '1' } : {}),
        ...(version.host === 'running-at-start' ? { IPP_TEST_RUNNING_AT_START: '1' } : {}),
        ...(version.scaleOut ? { IPP_TEST_SCALE_OUT: '1' } : {}),
        ...(multiHost ? { IPP_TEST_MULTI_HOST: '1', IPP_TEST_MULTI_HOST_BASE: multiHost, IPP_HOST_ON: 'login' } : {}),
      },
    });
  } catch (error) {
    console.error(`integration run failed: ${error.message}`);
  }
  const counts = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8')) : { passed: 0, failed: 1, failures: ['the extension host ended without results'] };
  // Safety net: any cluster left under the scratch folder is a leak; end it by pid and count it as a failure.
  const leaked = [...(await killLeftoverClusters(scratch)), ...(multiHost ? await killLeftoverClusters(multiHost) : [])];
  if (multiHost) {
    spawnSync('bash', ['scripts/multi-node.sh', 'down'], { stdio: 'inherit' });
    fs.rmSync(multiHost, { recursive: true, force: true });
  }
  if (leaked.length) {
    console.error(`LEAK: integration tests left ${leaked.length} process(es) running: ${leaked.join('; ')} (killed now)`);
    counts.failed++;
    counts.failures = [...(counts.failures ?? []), `left ${leaked.length} process(es) running`];
  }
  if (fs.existsSync(reliability)) {
    const r = JSON.parse(fs.readFileSync(reliability, 'utf8'));
    console.log('\nReliability (fault and bad-input suite):');
    console.log('| cases tried | orphans left | wrong kills | hangs |');
    console.log('|---|---|---|---|');
    console.log(`| ${r.cases} | ${r.orphansLeft + leaked.length} | ${r.wrongKills} | ${r.hangs} |\n`);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  return counts;
}

/** The folder's own profile (a space in its name), with a cluster of 2 engines that ipcluster started, there before the window opens. */
function startBeforeTheWindow(workspace, python) {
  fs.mkdirSync(path.join(workspace, '.vscode'));
  fs.writeFileSync(path.join(workspace, '.vscode/settings.json'), JSON.stringify({
    'ippEngines.pythonPath': python,
    'ippEngines.profileDir': '${workspaceFolder}/running profile',
  }, null, 2));
  const profileDir = path.join(workspace, 'running profile');
  startClusterOutside(python, profileDir, 2);
  waitForEnginesOutside(python, profileDir, 2);
}

/**
 * What a cloned repository could check in: an interpreter of its own (a script that leaves a mark, then
 * runs Python) and a profile path, which Restricted Mode may not use, and a watch setting of the wrong type;
 * and, where Restricted Mode looks, a hostile profile (configs linked to /dev/zero, FIFOs as its cluster,
 * connection, log and lock files), there before the extension activates.
 */
function writeUntrustedSettings(workspace, scratch) {
  const python = path.join(scratch, 'repo-python');
  fs.writeFileSync(python, `#!/bin/sh\ntouch '${path.join(scratch, 'repo-python-ran')}'\nexec /usr/bin/python3 "$@"\n`, { mode: 0o755 });
  fs.mkdirSync(path.join(workspace, '.vscode'));
  fs.writeFileSync(path.join(workspace, '.vscode/settings.json'), JSON.stringify({
    'ippEngines.pythonPath': python,
    'ippEngines.profileDir': '${workspaceFolder}/repo-profile',
    'ippEngines.restartOnSave': 'always',
    // Not a restricted setting, so it applies here: a bad value must not break activation.
    'ippEngines.watch.include': [1],
  }, null, 2));
  plantHostileProfile(path.join(workspace, 'ipyparallel', os.userInfo().username, os.hostname().split('.')[0]));
}

if (failures.length) console.log(`\nFailed:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
