import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IppEnginesApi } from '../../src/api';
import type { CommandResult } from '../../src/commands/common';
import { Commands } from '../../src/constants';
import { isAlive } from '../../src/core/kill';
import { listOwnProcesses } from '../../src/core/processes';
import { clientFilePath, ipclusterArgs } from '../../src/core/ipyparallel';
import { activate, assertUserSeesExactly, defaultProfileDir, ipcluster, killProfile, profileProcesses, resetPython, run, scratchDir, setSetting, startOutOfBand, testPython, waitFor, workspaceDir } from './helpers';

/** The figures the README's reliability table shows; printed and written at the end of the suite. */
const figures = { cases: 0, orphansLeft: 0, wrongKills: 0, hangs: 0 };
const HANG_MS = 90_000;

/** Runs a command; one that does not settle within HANG_MS counts as a hang. */
async function guarded(command: string, options: Record<string, unknown> = {}): Promise<CommandResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      figures.hangs++;
      reject(new Error(`${command} hung for ${HANG_MS / 1000} s`));
    }, HANG_MS);
  });
  try {
    return await Promise.race([run(command, options), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a command that must succeed; a failure names the command's own message. */
async function expectOk(command: string, options: Record<string, unknown> = {}): Promise<CommandResult> {
  const result = await guarded(command, options);
  assert.equal(result.ok, true, `${command}: ${result.message}`);
  return result;
}

async function expectNothingLeft(profileDir: string): Promise<void> {
  const left = (await profileProcesses(profileDir)).all;
  figures.orphansLeft += left.length;
  assert.equal(left.length, 0, `processes left: ${left.map((p) => `${p.role} ${p.pid}`).join(', ')}`);
}

function expectAlive(pids: number[], what: string): void {
  const dead = pids.filter((pid) => !isAlive(pid));
  figures.wrongKills += dead.length;
  assert.deepEqual(dead, [], `${what} was killed`);
}

/** Every file under a folder with its size and mtime: "changes nothing" is checked against this. */
function fileState(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((rel) => !rel.split(path.sep).includes('.vscode'))
    .map((rel) => {
      const st = fs.statSync(path.join(dir, rel));
      return `${rel} ${st.isDirectory() ? 'dir' : `${st.size} ${st.mtimeMs}`}`;
    })
    .sort();
}

function helperProcesses(): Promise<number[]> {
  return listOwnProcesses().then((rows) => rows.filter((r) => r.cmd.includes('ipp_helper.py')).map((r) => r.pid));
}

suite('Faults and bad input: nothing orphaned, nothing wrongly killed, nothing lost', () => {
  let api: IppEnginesApi;
  let profileDir = '';
  const bystanders: ChildProcess[] = [];
  const otherProfiles: string[] = [];

  suiteSetup(async () => {
    api = await activate();
    await resetPython();
    profileDir = await defaultProfileDir(api);
    await setSetting('engineCount', 2);
    await guarded(Commands.createProfile);
  });

  setup(() => {
    figures.cases++;
  });

  teardown(async () => {
    bystanders.splice(0).forEach((c) => c.kill('SIGKILL'));
    for (const dir of [profileDir, ...otherProfiles.splice(0)]) await killProfile(dir);
    for (const key of ['profileDir', 'startupFiles']) await setSetting(key, undefined);
    await resetPython();
    await setSetting('engineCount', 2);
    delete process.env.EXOSIMS_ENGINE_N;
  });

  suiteTeardown(async () => {
    await setSetting('engineCount', undefined);
    const line = `RELIABILITY cases=${figures.cases} orphansLeft=${figures.orphansLeft} wrongKills=${figures.wrongKills} hangs=${figures.hangs}`;
    console.log(line);
    if (process.env.IPP_TEST_RELIABILITY) fs.writeFileSync(process.env.IPP_TEST_RELIABILITY, JSON.stringify(figures));
  });

  test('kill -9 of the controller: orphans shown at the next refresh, killOrphans leaves zero, a later start works', async () => {
    await guarded(Commands.start);
    process.kill((await profileProcesses(profileDir)).controller!.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const snapshot = await api.getSnapshot();
    assert.ok(snapshot!.orphans.length >= 3, `orphans not shown: ${JSON.stringify(snapshot!.orphans)}`);
    await expectOk(Commands.killOrphans, { confirmed: true });
    await expectNothingLeft(profileDir);
    const again = await guarded(Commands.start);
    assert.equal(again.ok, true, again.message);
    await expectOk(Commands.stop);
    await expectNothingLeft(profileDir);
  });

  test('kill -9 of one engine: shown unresponsive, status still answers, restart brings 2 back', async () => {
    await guarded(Commands.start);
    const victim = (await profileProcesses(profileDir)).engines[0].pid;
    process.kill(victim, 'SIGKILL');
    await waitFor('engine gone', () => !isAlive(victim));
    const status = await guarded(Commands.status);
    assert.equal(status.ok, true, status.message);
    const snapshot = await api.getSnapshot();
    assert.ok(!snapshot!.engines.some((e) => e.pid === victim && e.state !== 'unresponsive'));
    assert.equal(snapshot!.engines.filter((e) => e.state === 'idle').length, 1);
    const restarted = await guarded(Commands.restartEngines, { confirmed: true });
    assert.equal(restarted.ok, true, restarted.message);
    assert.equal((restarted.engines as unknown[]).length, 2);
    assert.equal((await api.getSnapshot())!.engines.filter((e) => e.state === 'idle').length, 2);
  });

  test('kill -9 of an engine together with its nanny: shown dead while the controller lists it; restart leaves exactly 2', async () => {
    await expectOk(Commands.start);
    const procs = await profileProcesses(profileDir);
    const victim = procs.engines[0].pid;
    const nanny = procs.nannies.find((n) => n.ppid === victim)!.pid;
    await api.getSnapshot(); // the controller's ids are mapped to pids while the engines answer
    process.kill(victim, 'SIGKILL');
    process.kill(nanny, 'SIGKILL');
    await waitFor('engine gone', () => !isAlive(victim) && !isAlive(nanny));
    const snapshot = await api.getSnapshot();
    const dead = snapshot!.engines.filter((e) => e.dead);
    assert.equal(dead.length, 1, `the dead engine is not shown: ${JSON.stringify(snapshot!.engines)}`);
    assert.ok(dead[0].listedForMs !== null && dead[0].listedForMs > 0, 'how long the controller keeps it is not said');
    const rows = await api.testing.treeNodes();
    assert.ok(rows.find((r) => r.label === 'Engines')!.children.some((c) => c.contextValue === 'engine.dead' && /still lists it/.test(c.description ?? '')));
    await expectOk(Commands.restartEngines, { confirmed: true });
    const after = await profileProcesses(profileDir);
    assertUserSeesExactly(profileDir, after.engines.map((e) => e.pid), procs.engines.map((e) => e.pid));
  });

  test('engines added out of band with `ipcluster engines` (rewrites the cluster file): stop still leaves zero', async () => {
    await guarded(Commands.start);
    ipcluster(ipclusterArgs.engines(profileDir, '', 1));
    await waitFor('third engine', async () => (await profileProcesses(profileDir)).engines.length === 3);
    await expectOk(Commands.stop);
    await expectNothingLeft(profileDir);
  });

  test('a hanging `ipcluster stop` cannot hold up stop: it never waits on ipcluster', async () => {
    await guarded(Commands.start);
    const hanging = path.join(scratchDir(), 'python-hanging-stop');
    fs.writeFileSync(hanging, `#!/bin/sh\ncase "$*" in *"cluster stop"*) sleep 600;; esac\nexec ${testPython()} "$@"\n`, { mode: 0o755 });
    await setSetting('pythonPath', hanging);
    const stopped = await guarded(Commands.stop);
    assert.equal(stopped.ok, true, stopped.message);
    await expectNothingLeft(profileDir);
  });

  test('corrupt, empty or truncated connection and cluster files: a clear message, no crash, recovery by stop+start', async () => {
    await guarded(Commands.start);
    const client = clientFilePath(profileDir);
    const good = fs.readFileSync(client, 'utf8');
    for (const bad of ['', good.slice(0, 25), '{"nothing": 1}']) {
      fs.writeFileSync(client, bad);
      const status = await guarded(Commands.status);
      assert.equal(status.errorKind, 'corrupt-file', `${JSON.stringify(bad)}: ${status.message}`);
      assert.match(status.message, /ipcontroller-client\.json.*Stop and start the cluster/);
    }
    const clusterFile = path.join(profileDir, 'security', 'cluster-.json');
    fs.writeFileSync(clusterFile, '{"cluster": {"n": 2');
    assert.ok((await api.getSnapshot())!.controller, 'a corrupt cluster file broke the snapshot');
    fs.writeFileSync(client, '');
    // The controller cannot be asked whether engines are busy: stop asks first.
    assert.equal((await guarded(Commands.stop, { confirmed: false })).errorKind, 'cancelled');
    await expectOk(Commands.stop, { confirmed: true });
    await expectNothingLeft(profileDir);
    fs.writeFileSync(clusterFile, '');
    const started = await guarded(Commands.start);
    assert.equal(started.ok, true, started.message);
    await expectOk(Commands.status);
  });

  test('the controller freezing during status: status returns within its time-out and leaves no helper behind', async () => {
    await guarded(Commands.start);
    const controller = (await profileProcesses(profileDir)).controller!.pid;
    process.kill(controller, 'SIGSTOP');
    try {
      const status = await guarded(Commands.status);
      assert.equal(status.ok, false);
      assert.equal(status.errorKind, 'timeout', status.message);
      await waitFor('helpers gone', async () => (await helperProcesses()).length === 0, 5000);
    } finally {
      process.kill(controller, 'SIGCONT');
    }
  });

  test('two starts at once make one cluster; a concurrent stop and start are serialised', async () => {
    const [a, b] = await Promise.all([guarded(Commands.start), guarded(Commands.start)]);
    assert.ok(a.ok && b.ok, `${a.message} / ${b.message}`);
    assert.equal([a, b].filter((r) => r.alreadyRunning).length, 1);
    let procs = await profileProcesses(profileDir);
    assert.equal(procs.engines.length, 2);
    assert.equal(procs.orphans.length, 0);
    await Promise.all([guarded(Commands.stop), guarded(Commands.start)]);
    procs = await profileProcesses(profileDir);
    assert.equal(procs.orphans.length, 0, 'a stop and a start interleaved');
    assert.ok(procs.controller ? procs.engines.length === 2 : procs.all.length === 0);
  });

  test('a start interrupted mid-way (the host went away): the half-started cluster shows as running, not lost', async () => {
    const { spawn: spawnChild } = await import('node:child_process');
    // What a host that dies right after launching ipcluster leaves behind.
    spawnChild(testPython(), ipclusterArgs.start(profileDir, '', 2), { cwd: workspaceDir(), stdio: 'ignore', detached: true, env: { ...process.env, IPP_NONINTERACTIVE: '1' } }).unref();
    const snapshot = await waitFor('controller', async () => {
      const s = await api.getSnapshot();
      return s!.controller && s!.engines.length === 2 ? s : undefined;
    });
    assert.equal(snapshot.orphans.length, 0);
    await expectOk(Commands.stop);
    await expectNothingLeft(profileDir);
  });

  test('never touch what is not ours: another sandbox with the same relative path, and tail -f of a log', async () => {
    const otherSandbox = path.join(scratchDir(), 'other sandbox');
    const otherProfile = path.join(otherSandbox, path.relative(workspaceDir(), profileDir));
    otherProfiles.push(otherProfile);
    fs.mkdirSync(otherSandbox, { recursive: true });
    await startOutOfBand(otherProfile, otherSandbox, 1);
    const other = await waitFor('other sandbox engine', async () => {
      const p = await profileProcesses(otherProfile);
      return p.engines.length === 1 && p.all.map((x) => x.pid);
    });
    await guarded(Commands.start);
    const log = fs.readdirSync(path.join(profileDir, 'log')).find((f) => f.startsWith('ipengine'))!;
    const tail = spawn('tail', ['-f', path.join(profileDir, 'log', log)], { stdio: 'ignore' });
    bystanders.push(tail);
    process.kill((await profileProcesses(profileDir)).controller!.pid, 'SIGKILL');
    await expectOk(Commands.killOrphans, { confirmed: true });
    await guarded(Commands.start);
    await expectOk(Commands.stop);
    await expectOk(Commands.deleteProfile, { confirmed: true });
    expectAlive([...other, tail.pid!], 'a bystander (other sandbox or tail -f)');
    assert.ok(fs.existsSync(path.join(otherProfile, 'ipcluster_config.py')));
    await expectOk(Commands.createProfile);
  });

  test("another user's process naming our profile is never listed or signalled", async function () {
    if (process.getuid?.() !== 0) this.skip(); // only root can start a process as another user here
    const asNobody = { uid: 65534, gid: 65534, stdio: 'ignore' } as const;
    // Named on the command line (7.x) and in the environment (8.x and 9.x).
    const impostors = [
      spawn('/usr/bin/python3', ['-c', 'import time; time.sleep(120)', '-m', 'ipyparallel.engine', '--profile-dir', profileDir], asNobody),
      spawn('/usr/bin/python3', ['-c', 'import time; time.sleep(120)', '-m', 'ipyparallel.engine'], { ...asNobody, env: { IPP_PROFILE_DIR: profileDir, IPP_CLUSTER_ID: '' } }),
    ];
    bystanders.push(...impostors);
    const pids = impostors.map((i) => i.pid!);
    await waitFor('impostors running', () => pids.every(isAlive));
    const listed = await guarded(Commands.showProcesses);
    assert.ok(!(listed.processes as { pid: number }[]).some((p) => pids.includes(p.pid)));
    await guarded(Commands.killOrphans, { confirmed: true });
    await guarded(Commands.stop);
    expectAlive(pids, "another user's process");
  });

  test('deleteProfile refuses home, /, a symlink out of the workspace and a non-profile; nothing is deleted', async () => {
    const outside = path.join(scratchDir(), 'outside-profile');
    fs.mkdirSync(path.join(outside, 'security'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'ipcluster_config.py'), '# looks like a profile\n');
    const link = path.join(workspaceDir(), 'linked-profile');
    if (!fs.existsSync(link)) fs.symlinkSync(outside, link);
    const before = fileState(scratchDir());
    for (const bad of ['${env:HOME}', '/', '${workspaceFolder}/linked-profile', '${workspaceFolder}/Local']) {
      await setSetting('profileDir', bad);
      const result = await guarded(Commands.deleteProfile, { confirmed: true });
      assert.equal(result.errorKind, 'refused', `${bad}: ${result.message}`);
    }
    assert.deepEqual(fileState(scratchDir()), before);
    fs.unlinkSync(link);
  });

  test('bad engine counts (setting and EXOSIMS_ENGINE_N) are refused; nothing starts', async () => {
    const before = fileState(workspaceDir());
    for (const bad of [0, -1, 2.5, 'abc', 100000]) {
      await setSetting('engineCount', bad);
      const result = await guarded(Commands.start);
      assert.equal(result.errorKind, 'bad-setting', String(bad));
      assert.match(result.message, /ippEngines\.engineCount must be a whole number from 1 to 512/);
    }
    await setSetting('engineCount', null);
    for (const bad of ['0', '-1', '2.5', 'abc', '100000']) {
      process.env.EXOSIMS_ENGINE_N = bad;
      const result = await guarded(Commands.start);
      assert.equal(result.errorKind, 'bad-setting', bad);
      assert.match(result.message, /EXOSIMS_ENGINE_N must be a whole number/);
    }
    await expectNothingLeft(profileDir);
    assert.deepEqual(fileState(workspaceDir()), before);
  });

  test('bad profile paths (empty, relative, unknown variable, a file) give a clear message and create nothing', async () => {
    const aFile = path.join(workspaceDir(), 'EXOSIMS', '__init__.py');
    const before = fileState(scratchDir());
    const cases: [string, RegExp][] = [
      ['', /profileDir is empty/],
      ['ipyparallel/${user}', /must be an absolute path/],
      ['${workspaceFolder}/${nosuchvar}', /unknown variable \$\{nosuchvar\}/],
      [aFile, /is a file, not a profile directory/],
    ];
    for (const [bad, message] of cases) {
      await setSetting('profileDir', bad);
      for (const command of [Commands.createProfile, Commands.start]) {
        const result = await guarded(command);
        assert.equal(result.ok, false, `${command} with ${bad}`);
        assert.match(result.message, command === Commands.start && bad === aFile ? /not an IPython parallel profile/ : message);
      }
    }
    assert.deepEqual(fileState(scratchDir()), before);
  });

  test('bad interpreters (missing, not executable, without ipyparallel) and missing startup files: clear messages, no change', async () => {
    const notExecutable = path.join(scratchDir(), 'python-not-executable');
    fs.writeFileSync(notExecutable, `#!/bin/sh\nexec ${testPython()} "$@"\n`, { mode: 0o644 });
    const before = fileState(scratchDir());
    for (const [python, kind] of [['/no/such/python', 'python-missing'], [notExecutable, 'python-missing']] as const) {
      await setSetting('pythonPath', python);
      const result = await guarded(Commands.start);
      assert.equal(result.errorKind, kind, result.message);
      assert.ok(result.message.includes(python), result.message);
    }
    await resetPython();
    await setSetting('profileDir', '${workspaceFolder}/ipyparallel/fresh');
    await setSetting('startupFiles', ['Local/00-path.py', 'Local/missing.py']);
    const created = await guarded(Commands.createProfile);
    assert.equal(created.errorKind, 'bad-setting');
    assert.match(created.message, /Startup file not found: .*Local\/missing\.py/);
    assert.deepEqual(fileState(scratchDir()), before);
    await expectNothingLeft(profileDir);
  });
});
