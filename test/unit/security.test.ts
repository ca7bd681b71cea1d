// What a cloned repository can make the extension run, copy or change: with the real system Python.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { ClusterControl } from '../../src/core/cluster';
import { UserError } from '../../src/core/errors';
import { helperArgs } from '../../src/core/ipyparallel';
import { KeyRing } from '../../src/core/keyRing';
import { runHelper } from '../../src/core/helper';
import { silentLogger } from '../../src/core/log';
import { createProfile, refreshStartupCopies, startupFileStates } from '../../src/core/profile';
import { findPython } from '../../src/core/python';
import { run } from '../../src/core/run';

const PYTHON = '/usr/bin/python3';
const HELPER = path.resolve(__dirname, '../../../src/python/ipp_helper.py');
const originalCwd = process.cwd();
after(() => process.chdir(originalCwd));

/** A workspace whose own `ipyparallel` and `IPython` packages leave a mark when imported. */
function hijackingWorkspace(): { ws: string; marker: string } {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-hijack-'));
  const marker = path.join(ws, 'hijacked');
  for (const pkg of ['ipyparallel', 'IPython']) {
    fs.mkdirSync(path.join(ws, pkg));
    fs.writeFileSync(path.join(ws, pkg, '__init__.py'), `open(${JSON.stringify(marker)}, 'w').write('${pkg}')\n`);
  }
  return { ws, marker };
}

test("the probe, profile creation and the helper never import the workspace's own ipyparallel or IPython", async () => {
  const { ws, marker } = hijackingWorkspace();
  process.chdir(ws); // as the extension host might be
  const info = await findPython([PYTHON], silentLogger);
  assert.match(info.ipyparallelVersion, /^\d+\./);
  const profile = path.join(ws, 'ipyparallel', 'u', 'host');
  const created = await createProfile(PYTHON, profile, ws, [], silentLogger);
  assert.equal(created.created, true);
  const helper = await runHelper(PYTHON, HELPER, helperArgs.checkSyntax([]), silentLogger, { timeoutMs: 20_000 });
  assert.ok(
    helper.messages.some((m) => m.syntax),
    helper.stderr,
  );
  assert.equal(fs.existsSync(marker), false, `the workspace's ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''} package was imported`);
});

test("creating a profile changes no folder's permissions", async () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-perm-'));
  const parent = path.join(ws, 'ipyparallel', 'u');
  fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
  fs.chmodSync(parent, 0o700);
  await createProfile(PYTHON, path.join(parent, 'host'), ws, [], silentLogger);
  assert.equal(fs.statSync(parent).mode & 0o777, 0o700);
});

test('startup files must be regular files inside the workspace: ../, absolute paths, symlinks out and folders are refused', async () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-startup-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-secret-'));
  fs.writeFileSync(path.join(outside, 'id_rsa'), 'PRIVATE');
  fs.mkdirSync(path.join(ws, 'Local'));
  fs.writeFileSync(path.join(ws, 'Local', '00-path.py'), 'x = 1\n');
  fs.symlinkSync(path.join(outside, 'id_rsa'), path.join(ws, 'Local', 'link.py'));
  const profile = path.join(ws, 'profile');
  for (const bad of [path.relative(ws, path.join(outside, 'id_rsa')), path.join(outside, 'id_rsa'), 'Local/link.py', 'Local']) {
    await assert.rejects(
      createProfile(PYTHON, profile, ws, ['Local/00-path.py', bad], silentLogger),
      (e: unknown) => e instanceof UserError && e.kind === 'bad-setting' && /inside the workspace folder/.test(e.message),
      bad,
    );
    assert.equal(fs.existsSync(profile), false, `${bad}: something was created`);
    assert.throws(() => refreshStartupCopies(startupFileStates(profile, ws, [bad])), /inside the workspace folder/, bad);
  }
  assert.deepEqual(
    startupFileStates(profile, ws, ['Local/00-path.py']).map((s) => s.problem),
    [undefined],
  );
});

const FLOOD = 'import sys; sys.stdout.write("x" * (6 * 1024 * 1024)); sys.stdout.flush(); print(); print("after")';

test('a runaway program cannot fill memory: output beyond 4 MiB per stream ends it', async () => {
  const flood = await run(PYTHON, ['-c', FLOOD], silentLogger, { timeoutMs: 20_000 });
  assert.ok(flood.stdout.length <= 4 * 1024 * 1024, `${flood.stdout.length} bytes kept`);
  assert.ok(flood.failed, 'the program was not stopped at the cap');
});

test("a line over 4 MiB reaches a resident program's reader not at all, not even its tail; the next line does", async () => {
  const lines: string[] = [];
  const result = await run(PYTHON, ['-c', FLOOD], silentLogger, { timeoutMs: 20_000, resident: true, onLine: (line) => lines.push(line) });
  assert.equal(result.exitCode, 0);
  assert.deepEqual(
    lines.map((line) => (line.length > 20 ? `${line.slice(0, 10)}… (${line.length} chars)` : line)),
    ['after'],
  );
});

test("a character split across two writes of a resident program reaches its reader whole (an engine's host name, a path)", async () => {
  const lines: string[] = [];
  // "é" is two bytes in UTF-8: the first ends one write, the second begins the next.
  const script = 'import os, time\nos.write(1, b"h\\xc3")\ntime.sleep(0.3)\nos.write(1, b"\\xa9te\\n")';
  const result = await run(PYTHON, ['-c', script], silentLogger, { timeoutMs: 20_000, resident: true, onLine: (line) => lines.push(line) });
  assert.equal(result.exitCode, 0);
  assert.deepEqual(lines, ['h\u00e9te']);
});

test('the syntax check reads a .ipy startup file as IPython does: magics and shell lines pass, a syntax error is named with its line', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-syntax-'));
  const magics = path.join(dir, '00-magics.ipy');
  fs.writeFileSync(magics, 'import os\n%env IPP_X=1\nfiles = !ls\nx = 1\n');
  const broken = path.join(dir, '10-broken.ipy');
  fs.writeFileSync(broken, '%env IPP_Y=2\ny = 1\ndef f(:\n');
  const helper = await runHelper(PYTHON, HELPER, helperArgs.checkSyntax([magics, broken]), silentLogger, { timeoutMs: 20_000 });
  const problems = helper.messages.find((m) => m.syntax)?.syntax;
  assert.deepEqual(
    problems?.map((p) => [path.basename(p.file), p.line]),
    [['10-broken.ipy', 3]],
    helper.stderr,
  );
});

test('a resident program that writes far more than 4 MiB to stderr keeps running; the end of its stderr is kept for error messages', async () => {
  const lines: string[] = [];
  const script =
    'import sys\nfor _ in range(6 * 1024):\n    sys.stderr.write("e" * 1023 + "\\n")\nsys.stderr.write("the last words\\n"); sys.stderr.flush()\nprint("still here", flush=True)';
  const resident = await run(PYTHON, ['-c', script], silentLogger, { timeoutMs: 20_000, resident: true, onLine: (line) => lines.push(line) });
  assert.equal(resident.exitCode, 0, 'the program was ended');
  assert.deepEqual(lines, ['still here']);
  assert.ok(resident.stderr.endsWith('the last words\n'), 'the end of stderr was not kept');
  assert.ok(resident.stderr.length < 1024 * 1024, `${resident.stderr.length} characters of stderr kept`);
});

test('a Python that takes 6 s to start (a cold cache, a slow file system) still gets its startup files checked before a start: the error names the line, not a time-out', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-slow-python-'));
  const slowPython = path.join(dir, 'python3');
  fs.writeFileSync(slowPython, `#!/bin/sh\nsleep 6\nexec ${PYTHON} "$@"\n`, { mode: 0o755 });
  const profile = path.join(dir, 'profile');
  for (const sub of ['security', 'startup']) fs.mkdirSync(path.join(profile, sub), { recursive: true });
  fs.writeFileSync(path.join(profile, 'startup', '10-broken.py'), 'x = 1\ndef f(:\n');
  const control = new ClusterControl({
    helperPath: HELPER,
    log: silentLogger,
    keys: new KeyRing(),
  });
  try {
    await assert.rejects(
      control.start({ profileDir: profile, workspaceFolder: dir, python: async () => ({ pythonPath: slowPython, ipyparallelVersion: '7.1.0', major: 7 }) }),
      (e: unknown) => e instanceof UserError && e.kind === 'startup-failed' && /10-broken\.py line 2/.test(e.message),
    );
  } finally {
    control.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
