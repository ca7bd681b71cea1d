import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, MACHINE_VIEW_ID } from '../../src/constants';
import { clusterFilePath } from '../../src/core/ipyparallel';
import { isAlive } from '../../src/core/kill';
import type { MachineClusterInfo } from '../../src/core/machineClusters';
import { waitForEnginesOutside } from '../fixtures';
import { processesNaming } from '../processStart';
import {
  activate,
  killProfile,
  run,
  setModelVersion,
  setSetting,
  startOutOfBand,
  testPython,
  userView,
  VERSION_ON_ENGINES,
  waitFor,
  workspaceDir,
  type TestedApi,
} from './helpers';

/** The IPython directory of this host (run-all.mjs gives each host one in its scratch folder). */
const ipythonDir = () => process.env.IPYTHONDIR ?? assert.fail('the host has no IPYTHONDIR of its own');

/**
 * A notebook kernel's stand-in: a Python that starts `ipp.Cluster(n=2)` in the default profile (a random
 * cluster id), says which, and waits, as a kernel does, until its stdin ends.
 */
function kernelWithCluster(): { child: ChildProcess; started: Promise<{ id: string; profile: string }> } {
  const code = [
    'import ipyparallel as ipp, json, sys',
    'cluster = ipp.Cluster(n=2)',
    'cluster.start_cluster_sync()',
    'rc = cluster.connect_client_sync()',
    'rc.wait_for_engines(2, timeout=120)',
    'rc.close()',
    'print(json.dumps({"id": cluster.cluster_id, "profile": cluster.profile_dir}), flush=True)',
    'sys.stdin.read()',
  ].join('\n');
  // In the workspace folder, as a notebook of it: its engines import the sandbox's simulation code.
  const child = spawn(testPython(), ['-c', code], { cwd: workspaceDir(), env: { ...process.env, IPP_NONINTERACTIVE: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const started = new Promise<{ id: string; profile: string }>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.on('exit', () => reject(new Error(`the kernel's stand-in exited: ${out.slice(-2000)}`)));
  });
  return { child, started };
}

const pidsNaming = (dir: string) => [...processesNaming(dir).keys()].sort((a, b) => a - b);
const same = (a: string, b: string) => fs.realpathSync(a) === fs.realpathSync(b);

suite(`This Machine: clusters that notebooks and the shell started, on ${testPython()}`, () => {
  let api: TestedApi;
  let kernel: ReturnType<typeof kernelWithCluster>;
  let notebook: { id: string; profile: string };
  const shell = () => path.join(ipythonDir(), 'profile_shell');
  const sibling = () => path.join(ipythonDir(), 'profile_shell2');
  const listed = async () =>
    (await api.getMachineClusters()).filter((c) => c.profileDir.startsWith(fs.realpathSync(ipythonDir())) || c.profileDir.startsWith(ipythonDir()));
  const find = async (profileDir: string, clusterId: string) => (await listed()).find((c) => same(c.profileDir, profileDir) && c.clusterId === clusterId);

  suiteSetup(async function () {
    this.timeout(300_000);
    api = await activate();
    kernel = kernelWithCluster();
    await startOutOfBand(shell(), ipythonDir(), 1, 'x');
    await startOutOfBand(sibling(), ipythonDir(), 1);
    // As a user of those shells would before using them: until then a Client rightly sees no engine.
    waitForEnginesOutside(testPython(), shell(), 1, 'x');
    waitForEnginesOutside(testPython(), sibling(), 1);
    notebook = await kernel.started;
  });

  suiteTeardown(async function () {
    this.timeout(120_000);
    kernel.child.kill('SIGKILL');
    // Every process of these profiles ends (killProfile verifies it without the extension's matcher).
    for (const dir of [notebook?.profile, shell(), sibling()].filter(Boolean)) await killProfile(dir!);
  });

  test("each cluster is listed with its id, engine count, launcher and starter; the tree's rows carry the same", async () => {
    const nb = await waitFor('the notebook cluster with 2 engines', async () => {
      const c = await find(notebook.profile, notebook.id);
      return c?.engines === 2 && c;
    });
    assert.equal(nb.state, 'running');
    assert.equal(nb.launcher, 'local');
    assert.deepEqual(nb.startedBy && { pid: nb.startedBy.pid, alive: nb.startedBy.alive }, { pid: kernel.child.pid, alive: true });
    assert.equal(nb.adoptedBy, null);
    const x = (await find(shell(), 'x'))!;
    const own = (await find(sibling(), ''))!;
    assert.deepEqual([x?.engines, x?.state, own?.engines, own?.state], [1, 'running', 1, 'running']);
    // The controller pids, judged by the profile's own record and the process table, not by the extension.
    const recorded = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')).controller.state.pid as number;
    assert.equal(x.controllerPid, recorded(clusterFilePath(shell(), 'x')));
    assert.equal(own.controllerPid, recorded(clusterFilePath(sibling(), '')));
    assert.ok(
      pidsNaming(shell()).includes(x.controllerPid!) && !pidsNaming(shell()).includes(own.controllerPid!),
      'the sibling profile was mixed up with its prefix',
    );

    const rows = api.testing.machineRows();
    for (const c of [nb, x, own]) {
      const row = rows.find((r) => r.cluster.clusterId === c.clusterId && same(r.cluster.profileDir, c.profileDir));
      assert.ok(row, `no row for ${c.profileDir} ${c.clusterId}`);
      assert.deepEqual(withoutAge(row.cluster), withoutAge(c));
      assert.equal(row.contextValue, 'machineCluster.running');
    }
  });

  test('copied client code reaches the notebook cluster from a plain Python', async () => {
    const copied = await run(Commands.machineCopyClientCode, { profileDir: notebook.profile, clusterId: notebook.id });
    assert.equal(copied.ok, true, copied.message);
    const ids = execFileSync(testPython(), ['-c', `${copied.code as string}\nrc.wait_for_engines(2, timeout=30)\nprint(sorted(rc.ids))`], {
      encoding: 'utf8',
      timeout: 90_000,
    });
    assert.match(ids.trim().split('\n').pop()!, /^\[0, 1\]$/);
  });

  test("Stop asks first (declined: nothing changes), then ends exactly the shell's cluster x: the sibling and the notebook's run on", async () => {
    const x = (await find(shell(), 'x'))!;
    const declined = await run(Commands.machineStop, { profileDir: shell(), clusterId: 'x', confirmed: false });
    assert.equal(declined.ok, false);
    assert.ok(isAlive(x.controllerPid!), 'a declined stop ended the controller');
    const bystanders = [...pidsNaming(sibling()), ...(await find(notebook.profile, notebook.id))!.pids];
    const stopped = await run(Commands.machineStop, { profileDir: shell(), clusterId: 'x', confirmed: true });
    assert.equal(stopped.ok, true, stopped.message);
    assert.deepEqual(pidsNaming(shell()), [], 'processes of the stopped cluster are left');
    assert.deepEqual(
      bystanders.filter((pid) => !isAlive(pid)),
      [],
      'a process of another cluster was ended',
    );
    const siblingView = userView(sibling());
    assert.equal(siblingView.ids.length, 1, `the sibling cluster no longer answers: ${JSON.stringify(siblingView)}`);
    assert.equal(await find(shell(), 'x'), undefined, 'the stopped cluster is still listed');
  });

  test("watched for the folder, the notebook's cluster is the folder's own: a save offers fresh engines, and the restart gives exactly 2 with the new code", async () => {
    const watched = await run(Commands.machineWatch, { profileDir: notebook.profile, clusterId: notebook.id });
    assert.equal(watched.ok, true, watched.message);
    const snapshot = (await api.getSnapshot())!;
    assert.equal(snapshot.clusterId, notebook.id);
    assert.ok(same(snapshot.profileDir, notebook.profile), snapshot.profileDir);
    assert.equal(snapshot.engines.length, 2);
    assert.equal((await find(notebook.profile, notebook.id))?.adoptedBy, workspaceDir());
    assert.deepEqual(Object.values(await api.testing.evaluateOnEngines(VERSION_ON_ENGINES)), ['1', '1']);
    const before = userView(notebook.profile, notebook.id).pids;
    assert.equal(before.length, 2);
    await setSetting('restartOnSave', 'prompt');
    const restarts = api.testing.restartCount();
    api.testing.answerSavePrompts('Restart Engines');
    try {
      await setModelVersion(8);
      await waitFor('the restart the save offered', () => api.testing.restartCount() > restarts, 120_000);
      // Each fresh engine imports the module as it is now, from the folder.
      const code = `import ipyparallel as ipp\nrc = ipp.Client(profile_dir=${JSON.stringify(notebook.profile)}, cluster_id=${JSON.stringify(notebook.id)})\nprint(sorted(set(rc[:].apply_sync(lambda: ${VERSION_ON_ENGINES}))))`;
      assert.match(execFileSync(testPython(), ['-c', code], { encoding: 'utf8', timeout: 90_000 }).trim().split('\n').pop()!, /^\[8\]$/);
    } finally {
      api.testing.answerSavePrompts(undefined);
      await setSetting('restartOnSave', 'never');
      await setModelVersion(1); // the engines keep what they imported
      await setSetting('restartOnSave', undefined);
    }
    // Judged by a user's own Client of that cluster: exactly 2 engines, none of the old ones, each with the new code.
    const after = userView(notebook.profile, notebook.id);
    assert.equal(after.ids.length, 2, JSON.stringify(after));
    assert.deepEqual(
      after.pids.filter((pid) => before.includes(pid)),
      [],
      'an old engine still answers',
    );
    assert.equal(
      fs.existsSync(path.join(notebook.profile, 'startup', '00-path.py')),
      false,
      "the folder's startup file was copied into the notebook's profile",
    );
    const deleted = await run(Commands.deleteProfile, { confirmed: true });
    assert.equal(deleted.ok, false, "the watched notebook's profile was offered for deletion");
    assert.ok(fs.existsSync(path.join(notebook.profile, 'security')), "the notebook's profile was changed");
    const unwatched = await run(Commands.machineUnwatch, { profileDir: notebook.profile, clusterId: notebook.id });
    assert.equal(unwatched.ok, true, unwatched.message);
    assert.equal((await api.getSnapshot())!.clusterId, '');
  });

  test('a killed kernel leaves its cluster running with its parent gone; Kill Orphans then ends all of it, and nothing of it is left', async () => {
    const kernelPid = kernel.child.pid!;
    kernel.child.kill('SIGKILL');
    // Its children are re-parented once the last of its threads has exited: the next scan shows it.
    const orphaned = await waitFor('the parent shown gone', async () => {
      const c = await find(notebook.profile, notebook.id);
      return c?.startedBy?.alive === false && c;
    });
    assert.equal(orphaned.state, 'running');
    assert.deepEqual(orphaned.startedBy && { pid: orphaned.startedBy.pid, alive: orphaned.startedBy.alive }, { pid: kernelPid, alive: false });
    const row = api.testing.machineRows().find((r) => r.cluster.clusterId === notebook.id);
    assert.match(row?.description ?? '', /parent gone/);
    assert.equal(row?.contextValue, 'machineCluster.running.parentGone', 'Kill Orphans is not offered for a cluster its kernel left');
    const killed = await run(Commands.machineKillOrphans, { profileDir: notebook.profile, clusterId: notebook.id, confirmed: true });
    assert.equal(killed.ok, true, killed.message);
    assert.deepEqual(
      orphaned.pids.filter((pid) => isAlive(pid)),
      [],
      "processes of the notebook's cluster are left",
    );
  });

  test("an engine without its controller is listed as orphaned; Kill Orphans asks, then ends exactly it: the profile's running cluster answers on", async () => {
    // An engine of cluster z whose controller never came: it waits for one, an orphan all the while.
    const engine = spawn(testPython(), ['-m', 'ipyparallel.engine', `--profile-dir=${sibling()}`, '--cluster-id=z', '--IPEngine.wait_for_url_file=600'], {
      env: { ...process.env, IPP_NONINTERACTIVE: '1' },
      stdio: 'ignore',
    });
    try {
      const orphan = await waitFor('the orphaned engine listed', async () => {
        const c = await find(sibling(), 'z');
        return c?.state === 'orphaned' && c.pids.includes(engine.pid!) && c;
      });
      assert.equal(api.testing.machineRows().find((r) => r.cluster.clusterId === 'z')?.contextValue, 'machineCluster.orphaned');
      assert.equal((await run(Commands.machineKillOrphans, { profileDir: sibling(), clusterId: 'z', confirmed: false })).ok, false);
      assert.ok(isAlive(engine.pid!), 'a declined Kill Orphans ended the engine');
      const running = pidsNaming(sibling()).filter((pid) => !orphan.pids.includes(pid));
      const killed = await run(Commands.machineKillOrphans, { profileDir: sibling(), clusterId: 'z', confirmed: true });
      assert.equal(killed.ok, true, killed.message);
      await waitFor('the orphan gone', () => !isAlive(engine.pid!));
      assert.deepEqual(
        running.filter((pid) => !isAlive(pid)),
        [],
        "a process of the profile's running cluster was ended",
      );
      assert.equal(userView(sibling()).ids.length, 1, 'the running cluster of that profile no longer answers');
      assert.equal(await find(sibling(), 'z'), undefined);
    } finally {
      engine.kill('SIGKILL');
    }
  });

  test('the section scans only while it is visible: hidden, a new cluster file is not seen; shown, it is, at the refresh interval', async () => {
    await setSetting('refreshIntervalSeconds', 1);
    const plant = (id: string) =>
      fs.writeFileSync(
        clusterFilePath(sibling(), id),
        JSON.stringify({ cluster: { n: 1 }, controller: { state: { pid: 999_999 } }, engines: { class: 'local', sets: {} } }),
      );
    const rowIds = () => api.testing.machineRows().map((r) => r.cluster.clusterId);
    try {
      await vscode.commands.executeCommand('workbench.view.explorer');
      await waitFor('the section hidden', () => !api.testing.machineViewVisible());
      plant('hidden1');
      await new Promise((r) => setTimeout(r, 3000));
      assert.ok(!rowIds().includes('hidden1'), 'a hidden section scanned');
      await vscode.commands.executeCommand(`${MACHINE_VIEW_ID}.focus`);
      await waitFor('the section shown', () => api.testing.machineViewVisible());
      await waitFor('the planted file seen by a scan of the shown section', () => rowIds().includes('hidden1'), 10_000);
      plant('shown1');
      await waitFor('the next file seen at the interval', () => rowIds().includes('shown1'), 10_000);
      await vscode.commands.executeCommand('workbench.view.explorer');
      await waitFor('the section hidden again', () => !api.testing.machineViewVisible());
      plant('hidden2');
      await new Promise((r) => setTimeout(r, 3000));
      assert.ok(!rowIds().includes('hidden2'), 'a section hidden again went on scanning');
    } finally {
      for (const id of ['hidden1', 'shown1', 'hidden2']) fs.rmSync(clusterFilePath(sibling(), id), { force: true });
      await setSetting('refreshIntervalSeconds', undefined);
    }
  });

  test('a cluster whose processes were all killed shows as stale files; removing them (after a modal) leaves the other profile alone', async () => {
    const pids = pidsNaming(sibling());
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    await waitFor('the sibling cluster gone', () => pids.every((pid) => !isAlive(pid)));
    const file = clusterFilePath(sibling(), '');
    assert.ok(fs.existsSync(file), 'no cluster file was left to clean');
    const stale = await waitFor('the stale cluster', async () => (await find(sibling(), ''))?.state === 'stale');
    assert.ok(stale);
    assert.equal((await run(Commands.machineClean, { profileDir: sibling(), clusterId: '', confirmed: false })).ok, false);
    assert.ok(fs.existsSync(file), 'a declined clean removed the file');
    const cleaned = await run(Commands.machineClean, { profileDir: sibling(), clusterId: '', confirmed: true });
    assert.equal(cleaned.ok, true, cleaned.message);
    assert.equal(fs.existsSync(file), false);
    assert.ok(fs.existsSync(path.join(sibling(), 'ipcluster_config.py')), 'more than the cluster files went');
    assert.equal(await find(sibling(), ''), undefined);
  });
});

/** A listing without what changes between two scans. */
function withoutAge(c: MachineClusterInfo): Partial<MachineClusterInfo> {
  return { ...c, startedAt: undefined };
}
