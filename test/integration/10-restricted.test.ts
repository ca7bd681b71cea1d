// Runs only in the host that run-all.mjs opens untrusted (Restricted Mode), on a folder whose checked-in
// settings name an interpreter of the repository's own (a script that leaves a mark) and a profile path.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLUSTER_VIEW_ID, Commands } from '../../src/constants';
import { isAlive } from '../../src/core/kill';
import { currentUser, shortHostname } from '../../src/core/paths';
import { processesStartedDuring } from './heldOut';
import { activate, killProfile, profileProcesses, run, scratchDir, startOutOfBand, workspaceDir } from './helpers';
import { fileState } from './reliability';
import { plantHostileProfile } from '../fixtures';

suite('Restricted Mode: a cloned repository runs nothing', () => {
  const repoPythonRan = () => fs.existsSync(path.join(scratchDir(), 'repo-python-ran'));
  // Restricted Mode ignores the folder's profileDir: a cluster at the default path is what could be hit.
  const defaultProfile = () => path.join(workspaceDir(), 'ipyparallel', currentUser()!, shortHostname());

  // The runner planted a hostile profile there before the host started: what it holds must stay as it is.
  let planted: string[] = [];
  suiteSetup(() => {
    planted = fileState(defaultProfile());
  });

  suiteTeardown(async () => {
    await killProfile(defaultProfile());
  });

  test("the host really is untrusted, and the extension is active in it (a hostile profile there at activation), with the folder's bad watch setting named", async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.ok(fs.lstatSync(path.join(defaultProfile(), 'ipcluster_config.py')).isSymbolicLink(), 'the hostile profile was not planted before activation');
    const api = await activate();
    assert.equal(typeof api.getSnapshot, 'function');
    assert.ok(await api.getSnapshot(), 'no snapshot: the host stopped answering');
    assert.match(api.testing.logText(), /ippEngines\.watch\.include is \[1\], which is not a list of strings: its default .* is used/);
  });

  test('showing the view and every command run no Python, create nothing and answer "untrusted"', async () => {
    const api = await activate();
    await vscode.commands.executeCommand(`${CLUSTER_VIEW_ID}.focus`);
    const deadline = Date.now() + 10_000;
    while (api.testing.treeRootRequests() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const started = await processesStartedDuring(async () => {
      for (const command of [Commands.createProfile, Commands.start, Commands.status, Commands.restartEngines]) {
        const result = await run(command, { confirmed: true, engineCount: 1 });
        assert.equal(result.ok, false, `${command} did something`);
        assert.equal(result.errorKind, 'untrusted', `${command}: ${result.message}`);
      }
      await run(Commands.refresh); // only the process table is read
    });
    assert.deepEqual(started, [], 'the extension started programs in Restricted Mode');
    assert.deepEqual(await api.testing.treeNodes(), [], 'the tree shows rows instead of the Restricted Mode welcome');
    assert.equal(repoPythonRan(), false, "the repository's interpreter ran");
    assert.equal(fs.existsSync(path.join(workspaceDir(), 'repo-profile')), false);
    assert.deepEqual(fileState(defaultProfile()), planted, 'the planted profile changed');
  });

  test('a running cluster of the folder is neither stopped nor killed, and a save restarts nothing', async () => {
    const api = await activate();
    fs.rmSync(defaultProfile(), { recursive: true, force: true }); // a cluster needs a profile ipcluster can read
    await startOutOfBand(defaultProfile(), workspaceDir(), 1);
    const before = (await profileProcesses(defaultProfile())).all.map((p) => p.pid);
    assert.ok(before.length >= 2, 'the out-of-band cluster did not start');
    // A cluster file of a dead controller that names a Slurm job and an SSH host: a trusted refresh would ask squeue and ssh.
    const forged = path.join(defaultProfile(), 'security', 'cluster-forged.json');
    fs.writeFileSync(
      forged,
      JSON.stringify({
        controller: { state: { pid: 2 ** 22 + 7 } },
        engines: { class: 'slurm', sets: { a: { job_id: '4242', engines: { 0: { hostname: 'node9' } } } } },
      }),
    );
    const started = await processesStartedDuring(async () => {
      for (const command of [Commands.stop, Commands.killOrphans, Commands.deleteProfile]) {
        const result = await run(command, { confirmed: true });
        assert.equal(result.errorKind, 'untrusted', `${command}: ${result.message}`);
      }
      await run(Commands.refresh);
      const source = path.join(workspaceDir(), 'Local', '00-path.py');
      const doc = await vscode.workspace.openTextDocument(source);
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount, 0), '# edited in Restricted Mode\n'));
      await doc.save();
      await new Promise((r) => setTimeout(r, 4000)); // well past the save debounce: a restart would have started a Python
    });
    fs.rmSync(forged);
    assert.deepEqual(started, [], 'the extension started programs in Restricted Mode');
    assert.equal(api.testing.restartCount(), 0);
    assert.deepEqual(
      before.filter((pid) => !isAlive(pid)),
      [],
      'a process of the cluster was ended',
    );
    assert.ok(fs.existsSync(defaultProfile()));
    assert.equal(repoPythonRan(), false);
  });

  test("a hostile profile (configs linked to /dev/zero, FIFOs as cluster, connection and log files): the view's refresh answers and starts nothing", async () => {
    const api = await activate();
    await killProfile(defaultProfile());
    const profile = defaultProfile();
    plantHostileProfile(profile);
    const started = await processesStartedDuring(async () => {
      const refreshed = await run(Commands.refresh);
      assert.equal(refreshed.ok, true, refreshed.message);
    });
    assert.deepEqual(started, [], 'the extension started programs in Restricted Mode');
    assert.ok(await api.getSnapshot(), 'no snapshot: the host stopped answering');
    fs.rmSync(profile, { recursive: true, force: true });
  });
});
