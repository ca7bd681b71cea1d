import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands } from '../../src/constants';
import { clusterFilePaths } from '../../src/core/clusterFiles';
import { clusterFilePath } from '../../src/core/ipyparallel';
import { printLogOnFailure, run, setSetting, startCluster, submitTasks, waitFor, type TestedApi } from './helpers';
import { COMPUTE_HOSTS, multiHostSuite, processesOn, userView } from './multiHost';

// SSH engines on the test bed (scripts/multi-node.sh): the VS Code host on login starts engines on node1
// and node2 through ipyparallel's SSH launcher, over the bed's sshd, on its shared file system. What runs
// on each host is read from that host's /proc (multiHost.ts), never from the extension.

const HOSTS = { node1: 2, node2: 2 };
const ALL_HOSTS = ['login', ...COMPUTE_HOSTS];

suite('Engines on many hosts: SSH engines on the test bed', function () {
  let api: TestedApi;
  const base = process.env.IPP_TEST_MULTI_HOST_BASE ?? '';
  const profileDir = path.join(base, 'ssh-profile');
  const leftOn = () => Object.fromEntries(ALL_HOSTS.map((h) => [h, processesOn(h, profileDir)]).filter(([, pids]) => pids.length));

  suiteSetup(async function () {
    if (!process.env.IPP_TEST_MULTI_HOST) this.skip();
    api = await multiHostSuite(profileDir, { engineLauncher: 'ssh', 'ssh.hosts': HOSTS });
  });

  teardown(async function () {
    printLogOnFailure(this.currentTest, api); // an SSH start is many round trips, hard to see from outside
    for (const pid of processesOn('login', profileDir)) process.kill(pid, 'SIGKILL');
    for (const host of COMPUTE_HOSTS) {
      const pids = processesOn(host, profileDir);
      if (pids.length) execFileSync('ssh', [host, `kill -9 ${pids.join(' ')}`]);
    }
    for (const file of clusterFilePaths(profileDir)) fs.rmSync(file, { force: true });
    await waitFor('nothing of the profile on any host', () => !Object.keys(leftOn()).length, 20_000);
    await setSetting('ssh.hosts', HOSTS);
    await setSetting('ssh.python', undefined);
  });

  suiteTeardown(async () => {
    for (const key of ['engineLauncher', 'profileDir', 'ssh.hosts', 'ssh.python']) await setSetting(key, undefined);
    await setSetting('engineCount', 2);
  });

  test('bad input is refused before anything starts: an unknown host, a refused key, no interpreter, a file system not shared', async () => {
    const refused = async (why: RegExp) => {
      const result = await run(Commands.start);
      assert.equal(result.ok, false, 'the start went ahead');
      assert.match(result.message, why);
      assert.match(result.message, /Nothing was started/);
      assert.deepEqual(leftOn(), {}, `a refused start left processes: ${result.message}`);
      assert.deepEqual(clusterFilePaths(profileDir), [], 'a refused start left a cluster file');
    };
    await setSetting('ssh.hosts', { node1: 2, node9: 2 });
    await refused(/node9 is not a known host/);
    await setSetting('ssh.hosts', { node1: 2, 'nosuchuser@node2': 2 });
    await refused(/nosuchuser@node2 refused the login by key/);
    await setSetting('ssh.hosts', HOSTS);
    await setSetting('ssh.python', '/opt/no-such-env/bin/python3');
    await refused(/node1 cannot run \/opt\/no-such-env\/bin\/python3/);
    await setSetting('ssh.python', undefined);
    await setSetting('ssh.hosts', { node1: 2 });
    await refused(/4 engines were asked for, but ippEngines\.ssh\.hosts has room for 2/);
    await setSetting('ssh.hosts', HOSTS);
    // node2 sees another folder at the profile's path (its own mount namespace), as a host with its own disk would.
    execFileSync('ssh', ['node2', `mount -t tmpfs ipp-not-shared '${profileDir}'`]);
    try {
      await refused(/node2 does not share this file system/);
    } finally {
      execFileSync('ssh', ['node2', `umount '${profileDir}'`]);
    }
  });

  test('start: 4 engines over node1 and node2, alive past the heartbeat window; busy status; a declined restart changes nothing', async () => {
    assert.equal((await startCluster()).ok, true);
    for (const host of COMPUTE_HOSTS) assert.ok(processesOn(host, profileDir).length >= 2, `no engine on ${host}`);
    const connection = fs.readFileSync(path.join(profileDir, 'security', 'ipcontroller-engine.json'), 'utf8');
    assert.ok(JSON.parse(connection).key, 'the connection file was truncated (copied onto itself)');
    await new Promise((resolve) => setTimeout(resolve, 7000));
    await run(Commands.refresh);
    const snapshot = (await api.getSnapshot())!;
    assert.deepEqual(
      snapshot.engines.map((e) => [e.state, e.dead]),
      Array(4).fill(['idle', false]),
      JSON.stringify(snapshot.engines),
    );
    assert.deepEqual(snapshot.engines.map((e) => e.host).sort(), ['node1', 'node1', 'node2', 'node2']);
    assert.ok(
      snapshot.engines.every((e) => e.remote && e.cpu === null),
      'engines on other hosts shown as local',
    );
    assert.equal(snapshot.launcher.kind, 'ssh');

    const before = userView(profileDir);
    const tasks = submitTasks(profileDir, 12);
    try {
      await tasks.submitted;
      const status = await run(Commands.status);
      assert.equal((status.engines as { queue: number; tasks: number }[]).filter((e) => e.queue + e.tasks > 0).length, 4, 'busy SSH engines not seen as busy');
      const declined = await run(Commands.restartEngines, { confirmed: false });
      assert.equal(declined.ok, false, 'a restart went ahead over busy engines without consent');
      assert.match(await tasks.finished, /\["done", "done", "done", "done"\]/, "the tasks' work was lost");
    } finally {
      tasks.kill();
    }
    assert.deepEqual(userView(profileDir), before, 'the engines changed after a declined restart');
  });

  test('idle restart gives exactly 4 fresh engines on the hosts, scale down and up, an engine killed on node1 told and replaced, stop leaves nothing on any host', async () => {
    await startCluster();
    const before = userView(profileDir);
    const restarted = await run(Commands.restartEngines, { confirmed: true });
    assert.equal(restarted.ok, true, restarted.message);
    const after = userView(profileDir);
    assert.equal(after.ids.length, 4, `the controller lists ${JSON.stringify(after)}`);
    assert.ok(
      after.ids.every((id) => !before.ids.includes(id)),
      'an old engine id is still listed (a ghost)',
    );
    assert.deepEqual(after.where.map((w) => w.split(':')[0]).sort(), ['node1', 'node1', 'node2', 'node2']);
    for (const [host, pid] of before.where.map((w) => w.split(':')))
      assert.ok(!processesOn(host, profileDir).includes(Number(pid)), `the old engine ${pid} is left on ${host}`);

    const down = await run(Commands.scaleEngines, { engineCount: 3 });
    assert.equal(down.ok, true, down.message);
    const three = userView(profileDir);
    assert.equal(three.ids.length, 3);
    const [removedHost, removedPid] = after.where.find((w) => !three.where.includes(w))!.split(':');
    assert.ok(!processesOn(removedHost, profileDir).includes(Number(removedPid)), `the removed engine still runs on ${removedHost}`);
    const up = await run(Commands.scaleEngines, { engineCount: 4 });
    assert.equal(up.ok, true, up.message);
    const four = userView(profileDir);
    assert.equal(four.ids.length, 4);

    // An engine lost on a compute host (kill -9 there) is judged by the controller: told once, and replaced on the hosts.
    const lost = four.where.findIndex((w) => w.startsWith('node1:'));
    const [lostId, lostPid] = [four.ids[lost], Number(four.where[lost].split(':')[1])];
    const told = () => api.testing.offerTexts().filter((t) => / died: /.test(t));
    const toldBefore = told().length;
    api.testing.answerSavePrompts('Start a Replacement');
    try {
      execFileSync('ssh', ['node1', `kill -9 ${lostPid}`]);
      const text = await waitFor('the loss told', () => told()[toldBefore]);
      assert.match(text, new RegExp(`^Engine ${lostId} \\(pid ${lostPid} on node1\\) died: the controller lost it`));
      await waitFor(
        'the replacement listed',
        async () => {
          const s = (await api.getSnapshot())!;
          return s.activity === 'idle' && s.engines.length === 4 && s.engines.every((e) => e.id !== null && e.id !== lostId && e.state === 'idle');
        },
        120_000,
      );
      const replaced = userView(profileDir);
      assert.equal(replaced.ids.length, 4, JSON.stringify(replaced));
      assert.ok(!replaced.ids.includes(lostId), `the dead engine ${lostId} is still listed`);
      assert.ok(!processesOn('node1', profileDir).includes(lostPid), 'the killed engine still runs');
      assert.equal(told().length, toldBefore + 1, JSON.stringify(told()));
    } finally {
      api.testing.answerSavePrompts(undefined);
    }

    const stopped = await run(Commands.stop);
    assert.equal(stopped.ok, true, stopped.message);
    assert.deepEqual(leftOn(), {}, 'processes of the profile left after stop');
  });

  test('kill -9 of the controller: the engines left on node1 and node2 are offered as orphans and ended there', async () => {
    await startCluster();
    const controller = JSON.parse(fs.readFileSync(clusterFilePath(profileDir), 'utf8')).controller.state.pid as number;
    process.kill(controller, 'SIGKILL');
    const snapshot = await waitFor('the orphaned engines on the hosts', async () => {
      await run(Commands.refresh);
      const s = (await api.getSnapshot())!;
      return s.orphanRemote.length === 2 ? s : undefined;
    });
    assert.deepEqual(snapshot.orphanRemote.map((o) => o.host).sort(), COMPUTE_HOSTS);
    for (const orphan of snapshot.orphanRemote)
      assert.deepEqual(
        [...orphan.pids].sort(),
        [...processesOn(orphan.host, profileDir)].sort(),
        `the orphans listed for ${orphan.host} are not what runs there`,
      );
    const started = await run(Commands.start);
    assert.equal(started.ok, false, 'a start went ahead beside orphaned engines');
    const killed = await run(Commands.killOrphans, { confirmed: true });
    assert.equal(killed.ok, true, killed.message);
    await waitFor('nothing of the profile on any host', () => !Object.keys(leftOn()).length, 10_000);
    assert.deepEqual(clusterFilePaths(profileDir), [], 'the dead cluster file is left');
  });

  test('a start after the orphaned engines ended by other means: nothing runs on the hosts, so it starts', async () => {
    await startCluster();
    process.kill(JSON.parse(fs.readFileSync(clusterFilePath(profileDir), 'utf8')).controller.state.pid as number, 'SIGKILL');
    // The controller's schedulers outlive it on login (orphans of their own): these are not what this test is about.
    for (const pid of processesOn('login', profileDir)) process.kill(pid, 'SIGKILL');
    for (const host of COMPUTE_HOSTS) execFileSync('ssh', [host, `kill -9 ${processesOn(host, profileDir).join(' ')}`]);
    await waitFor('nothing of the profile on any host', () => !Object.keys(leftOn()).length, 20_000);
    const started = await run(Commands.start);
    assert.equal(started.ok, true, started.message);
    assert.equal(userView(profileDir).ids.length, 4);
    assert.equal((await run(Commands.stop)).ok, true);
    assert.deepEqual(leftOn(), {}, 'processes of the profile left after stop');
  });
});
