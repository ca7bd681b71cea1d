import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { resetPython, run, scratchDir, setSetting, testPython, workspaceDir } from './helpers';
import { expectAlive, expectNothingLeft, fileState, guarded, reliabilitySuite } from './reliability';
import { plantHostileProfile } from '../fixtures';

suite('Bad input: a clear message, and nothing changed or started', () => {
  const ctx = reliabilitySuite();

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
    await expectNothingLeft(ctx.profileDir);
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

  test('settings of the wrong type and an unknown launcher: each named once, defaults used, the tree works, a start refused by name at once', async () => {
    // What a hand-edited settings.json can hold; before, [1] threw in the save watcher and the tree showed a TypeError.
    const bad: Record<string, unknown> = {
      'watch.include': [1],
      'watch.exclude': 'not a list',
      startupFiles: [1],
      'watch.debounceMs': 'soon',
      'controller.heartbeatMs': { ms: 5 },
      'slurm.partition': 7,
      standbyEngines: 'yes',
      engineLauncher: 'pbs',
    };
    const api = ctx.api;
    const notificationsBefore = api.testing.notificationCount();
    try {
      for (const [key, value] of Object.entries(bad)) await setSetting(key, value);
      for (let i = 0; i < 3; i++) await run(Commands.refresh);
      // An error row may still show an earlier test's failed command (kept until the next command on the folder).
      const all = await api.testing.treeNodes();
      const rows = all.filter((r) => r.contextValue !== 'error');
      assert.doesNotMatch(JSON.stringify(all), /TypeError/);
      assert.deepEqual(
        rows.map((r) => r.contextValue),
        ['profile.exists', 'controller.stopped', 'engines.stopped', 'logs'],
      );
      // The startup files of the default setting, instead of [1].
      assert.deepEqual(
        rows[0].children.map((r) => r.label),
        ['00-path.py', '10-threads.py'],
      );
      const log = api.testing.logText();
      for (const [key, value] of Object.entries(bad)) {
        const named = `ippEngines.${key} is ${JSON.stringify(value)}`;
        assert.equal(
          log.split(named).length - 1,
          1,
          `${named}: ${log
            .split('\n')
            .filter((l) => l.includes(key))
            .join(' | ')}`,
        );
      }
      assert.doesNotMatch(log, /TypeError/);
      // One notification per bad value, however often the settings were read.
      assert.equal(api.testing.notificationCount() - notificationsBefore, Object.keys(bad).length);

      const spawnsBefore = api.testing.spawnCount();
      const filesBefore = fileState(workspaceDir());
      const started = performance.now();
      const result = await guarded(Commands.start);
      assert.equal(result.errorKind, 'bad-setting', result.message);
      assert.match(result.message, /ippEngines\.engineLauncher is "pbs", which is not one of local, mpi, slurm, ssh.*Nothing was started/);
      assert.ok(performance.now() - started < 3000, `the refusal took ${Math.round(performance.now() - started)} ms`);
      assert.equal(api.testing.spawnCount(), spawnsBefore, 'a process was started');
      assert.deepEqual(fileState(workspaceDir()), filesBefore);
      await expectNothingLeft(ctx.profileDir);
    } finally {
      for (const key of Object.keys(bad)) await setSetting(key, undefined);
    }
  });

  test('bad interpreters (missing, not executable, without ipyparallel) and missing startup files: clear messages, no change', async () => {
    const notExecutable = path.join(scratchDir(), 'python-not-executable');
    fs.writeFileSync(notExecutable, `#!/bin/sh\nexec ${testPython()} "$@"\n`, { mode: 0o644 });
    const before = fileState(scratchDir());
    for (const [python, kind] of [
      ['/no/such/python', 'python-missing'],
      [notExecutable, 'python-missing'],
    ] as const) {
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
    await expectNothingLeft(ctx.profileDir);
  });

  test('a cluster id option that is not a file name part (a path, a control character, not text) is refused by name; nothing changes', async () => {
    await resetPython();
    await setSetting('profileDir', null);
    const before = fileState(scratchDir());
    for (const clusterId of ['../../../escaped', 'a/b', 'tab\there', 42]) {
      for (const command of [Commands.start, Commands.stop, Commands.restartEngines, Commands.status]) {
        const result = await guarded(command, { clusterId, confirmed: true });
        assert.equal(result.errorKind, 'bad-setting', `${command} with ${JSON.stringify(clusterId)}: ${result.message}`);
        assert.match(result.message, /The cluster id .* is not one ipyparallel can use/);
      }
    }
    assert.deepEqual(fileState(scratchDir()), before);
    await expectNothingLeft(ctx.profileDir);
  });

  test('a hostile profile (configs linked to /dev/zero, FIFOs as log, cluster and connection files): the host survives refresh, status and opening the log, and Start refuses by name', async () => {
    const hostile = path.join(workspaceDir(), 'ipyparallel', 'hostile');
    fs.rmSync(hostile, { recursive: true, force: true });
    plantHostileProfile(hostile);
    const log = path.join(hostile, 'log', 'ipengine-1-0.log');
    await setSetting('profileDir', hostile);
    for (const command of [Commands.refresh, Commands.status]) {
      const result = await guarded(command);
      assert.ok(result.message, `${command} gave no message`);
    }
    const opened = await guarded(Commands.openLogFile, { logPath: log });
    const shown = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === opened.uri)?.getText() ?? '';
    assert.match(shown, /does not show this log: .*ipengine-1-0\.log is not a regular file/, opened.message);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // ipcluster would read its config from /dev/zero: Start names the file and launches nothing.
    const started = await guarded(Commands.start);
    assert.equal(started.errorKind, 'refused', started.message);
    assert.match(started.message, /ipcluster_config\.py is not a regular file.*Nothing was started/);
    await expectNothingLeft(hostile);
    // The host still answers.
    assert.ok((await guarded(Commands.refresh)).message);
    fs.rmSync(hostile, { recursive: true, force: true });
  });

  test("a cloned profile's forged records (a cluster file naming a bystander's pid as controller, engine and mpiexec, a Slurm job id) and a 1 GiB log: Start, Stop, Kill Orphans and Delete leave the bystander running", async () => {
    const forged = path.join(workspaceDir(), 'ipyparallel', 'forged');
    fs.rmSync(forged, { recursive: true, force: true });
    for (const dir of ['security', 'log', 'pid', 'startup']) fs.mkdirSync(path.join(forged, dir), { recursive: true });
    fs.writeFileSync(path.join(forged, 'ipcluster_config.py'), 'c = get_config()\n');
    const bystander = spawn('sleep', ['600'], { stdio: 'ignore' });
    ctx.bystanders.push(bystander);
    const pid = bystander.pid!;
    const engine = { pid, output_file: path.join(forged, 'log', 'ipengine-0.log') };
    const clusterFile = {
      cluster: { profile_dir: forged, cluster_id: '', n: 2 },
      controller: { state: { pid, output_file: path.join(forged, 'log', 'ipcontroller.log') } },
      engines: { class: 'ipyparallel.cluster.launcher.MPIEngineSetLauncher', sets: { a: { pid, n: 1, engines: { 0: engine } }, b: { job_id: '4242', n: 1 } } },
    };
    fs.writeFileSync(path.join(forged, 'security', 'cluster-.json'), JSON.stringify(clusterFile));
    const bigLog = path.join(forged, 'log', 'ipengine-0.log');
    fs.writeFileSync(bigLog, '');
    fs.truncateSync(bigLog, 1 << 30);
    fs.appendFileSync(bigLog, '\nthe last line of a 1 GiB log\n');
    ctx.otherProfiles.push(forged); // ended by pid after the test, whatever it leaves
    await setSetting('profileDir', forged);
    try {
      for (const command of [Commands.refresh, Commands.status]) assert.ok((await guarded(command)).message, `${command} gave no message`);
      const opened = await guarded(Commands.openLogFile, { logPath: bigLog });
      const shown = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === opened.uri)?.getText() ?? '';
      assert.match(shown, /the last line of a 1 GiB log/, `${opened.message}: ${shown.slice(0, 300)}`);
      assert.ok(shown.length < 1 << 20, `the log view holds ${shown.length} characters of a 1 GiB file`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      const started = await guarded(Commands.start);
      assert.equal(started.ok, true, started.message);
      for (const command of [Commands.stop, Commands.killOrphans]) assert.equal((await guarded(command, { confirmed: true })).ok, true, command);
      assert.equal((await guarded(Commands.deleteProfile, { confirmed: true })).ok, true);
      expectAlive([pid], 'a bystander whose pid a forged cluster file named');
      assert.ok(!fs.existsSync(forged), 'the forged profile was not deleted');
    } finally {
      fs.rmSync(forged, { recursive: true, force: true });
    }
  });

  test("a cloned profile's startup copy that is a symlink out of it: Start refuses by name and the link's target is untouched", async () => {
    const target = path.join(scratchDir(), 'outside-authorized_keys');
    fs.writeFileSync(target, "ssh-ed25519 AAAA the user's own key\n");
    fs.utimesSync(target, new Date(2000, 0, 1), new Date(2000, 0, 1)); // older than the source: the copy looks stale
    const copy = path.join(ctx.profileDir, 'startup', '10-threads.py');
    const original = fs.readFileSync(copy);
    fs.rmSync(copy);
    fs.symlinkSync(target, copy);
    try {
      const before = fs.statSync(target);
      const result = await guarded(Commands.start, { refreshStartupCopies: true });
      assert.equal(result.errorKind, 'refused', result.message);
      assert.match(result.message, /10-threads\.py is not a regular file/);
      const after = fs.statSync(target);
      assert.equal(fs.readFileSync(target, 'utf8'), "ssh-ed25519 AAAA the user's own key\n");
      assert.equal(after.mtimeMs, before.mtimeMs);
      await expectNothingLeft(ctx.profileDir);
    } finally {
      fs.rmSync(copy, { force: true });
      fs.writeFileSync(copy, original);
      fs.rmSync(target, { force: true });
    }
  });
});
