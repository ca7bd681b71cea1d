import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseClusterFile, validateClientFile } from '../../src/core/clusterFiles';
import { UserError } from '../../src/core/errors';
import { parseHelperLine } from '../../src/core/helper';
import { archiveLogs, archivedLogs } from '../../src/core/logArchive';
import { checkDeletable, recheckDeletable, startupFileStates } from '../../src/core/profile';

const real =
  '{"cluster": {"n": 2, "profile_dir": "/p"}, "controller": {"class": "local", "state": {"output_file": "/p/log/ipcontroller-4019.log", "pid": 4020, "state": "running"}}, "engines": {"class": "local", "sets": {"1795596307": {"n": 2, "engines": {"0": {"output_file": "/p/log/ipengine--1-0.log", "pid": 4050}, "1": {"pid": 4053}}}}}}';

test('a cluster file written by ipcluster 7.1 yields the controller pid, the engine count and the logs', () => {
  const f = parseClusterFile('/p/security/c.json', real)!;
  assert.equal(f.controllerPid, 4020);
  assert.equal(f.requestedEngines, 2);
  assert.equal(f.controllerLog, '/p/log/ipcontroller-4019.log');
  assert.deepEqual(f.engineLogs, [{ pid: 4050, log: '/p/log/ipengine--1-0.log' }]);
});

test("a cluster file naming a log outside the profile's log folder gives no log", () => {
  const outside = real.replace('/p/log/ipengine--1-0.log', '/p/log/../../home/u/.ssh/id_rsa').replace('/p/log/ipcontroller-4019.log', '/etc/passwd');
  const f = parseClusterFile('/p/security/c.json', outside)!;
  assert.equal(f.controllerLog, undefined);
  assert.deepEqual(f.engineLogs, []);
});

test('corrupt, empty, truncated or odd cluster files never throw', () => {
  assert.equal(parseClusterFile('c', ''), undefined);
  assert.equal(parseClusterFile('c', real.slice(0, 40)), undefined);
  assert.equal(parseClusterFile('c', 'null'), undefined);
  assert.deepEqual(parseClusterFile('c', '{"controller": {"state": {"pid": "x"}}, "cluster": {"n": "2"}, "engines": {"sets": [1, null]}}'), {
    file: 'c',
    controllerPid: undefined,
    requestedEngines: undefined,
    controllerLog: undefined,
    engineLogs: [],
    engineSets: [],
  });
  assert.deepEqual(parseClusterFile('c', '{"controller": null, "cluster": [4]}'), {
    file: 'c',
    controllerPid: undefined,
    requestedEngines: undefined,
    controllerLog: undefined,
    engineLogs: [],
    engineSets: [],
  });
});

test('a corrupt client connection file gives a clear message that offers the recovery', () => {
  for (const text of ['', '{"key": "abc", "regis', '{"key": "abc"}', '[]']) {
    assert.throws(
      () => validateClientFile(text, '/p/security/ipcontroller-client.json'),
      (e: unknown) => e instanceof UserError && e.kind === 'corrupt-file' && /ipcontroller-client\.json/.test(e.message) && /Stop and start/.test(e.message),
      JSON.stringify(text),
    );
  }
  validateClientFile('{"key": "k", "registration": 1234, "interface": "tcp://127.0.0.1"}', 'f');
});

test('helper output: JSON lines are parsed, warnings and garbage are skipped', () => {
  assert.deepEqual(parseHelperLine('{"registered": 3}'), { registered: 3 });
  assert.equal(parseHelperLine('UserWarning: something'), undefined);
  assert.equal(parseHelperLine('{"trunc'), undefined);
});

function tempProfile(): { ws: string; profile: string } {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-files-'));
  const profile = path.join(ws, 'ipyparallel', 'u', 'vm');
  fs.mkdirSync(path.join(profile, 'security'), { recursive: true });
  fs.writeFileSync(path.join(profile, 'ipcluster_config.py'), '');
  return { ws, profile };
}

test('deleteProfile refuses non-profiles, the workspace, home, / and symlinks out of the workspace', () => {
  const { ws, profile } = tempProfile();
  checkDeletable(profile, ws); // a real profile inside the workspace: allowed
  const plain = path.join(ws, 'data');
  fs.mkdirSync(plain);
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-outside-'));
  fs.mkdirSync(path.join(outside, 'security'));
  fs.symlinkSync(outside, path.join(ws, 'link'));
  const refused = (p: string, home = os.homedir()) =>
    assert.throws(
      () => checkDeletable(p, ws, home),
      (e: unknown) => e instanceof UserError && e.kind === 'refused',
      p,
    );
  refused(plain);
  refused(ws);
  refused('/');
  refused(path.join(ws, 'ipyparallel'));
  refused(path.join(ws, 'link'));
  refused(profile, path.join(profile, 'x', '..'));
  assert.ok(fs.existsSync(plain) && fs.existsSync(outside));
});

test('deleteProfile needs the whole profile shape: security/ alone or ipcluster_config.py alone is refused', () => {
  const { ws, profile } = tempProfile();
  fs.rmSync(path.join(profile, 'ipcluster_config.py'));
  assert.throws(() => checkDeletable(profile, ws), /not an IPython profile/);
  fs.writeFileSync(path.join(profile, 'ipcluster_config.py'), '');
  fs.rmSync(path.join(profile, 'security'), { recursive: true });
  assert.throws(() => checkDeletable(profile, ws), /not an IPython profile/);
});

test('a home behind a symlink (NFS, HPC) is still home: a profile-shaped home is refused', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-home-'));
  const realHome = path.join(base, 'nfs', 'u');
  fs.mkdirSync(path.join(realHome, 'security'), { recursive: true });
  fs.writeFileSync(path.join(realHome, 'ipcluster_config.py'), '');
  fs.symlinkSync(path.join(base, 'nfs', 'u'), path.join(base, 'home-u'));
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-ws-'));
  assert.throws(
    () => checkDeletable(realHome, ws, path.join(base, 'home-u')),
    (e: unknown) => e instanceof UserError && e.kind === 'refused' && e.message.includes(realHome),
  );
  assert.ok(fs.existsSync(realHome));
});

test('deletion re-checks before removing: another directory at the path, or new unexpected entries, are refused', () => {
  const { ws, profile } = tempProfile();
  fs.mkdirSync(path.join(profile, 'log'));
  fs.writeFileSync(path.join(profile, 'notes.txt'), 'mine');
  const confirmed = checkDeletable(profile, ws);
  assert.deepEqual(confirmed.unexpected, ['notes.txt'], 'the modal must name what a profile does not normally hold');
  assert.equal(recheckDeletable(confirmed, profile, ws), confirmed.real);
  fs.mkdirSync(path.join(profile, 'results'));
  assert.throws(() => recheckDeletable(confirmed, profile, ws), /results appeared in it/);
  fs.renameSync(profile, `${profile}.old`); // kept, so that the new directory cannot reuse its inode
  fs.mkdirSync(path.join(profile, 'security'), { recursive: true });
  fs.writeFileSync(path.join(profile, 'ipcluster_config.py'), '');
  assert.throws(() => recheckDeletable(confirmed, profile, ws), /another directory/);
});

test('startup copies are stale when the source is newer', () => {
  const { ws, profile } = tempProfile();
  fs.mkdirSync(path.join(ws, 'Local'));
  fs.mkdirSync(path.join(profile, 'startup'));
  fs.writeFileSync(path.join(profile, 'startup', '00-path.py'), 'old');
  const later = new Date(Date.now() + 5000);
  fs.writeFileSync(path.join(ws, 'Local', '00-path.py'), 'new');
  fs.utimesSync(path.join(ws, 'Local', '00-path.py'), later, later);
  const [state, missing] = startupFileStates(profile, ws, ['Local/00-path.py', 'Local/99-none.py']);
  assert.equal(state.stale, true);
  assert.equal(missing.sourceExists, false);
});

test('logs are archived before ipcluster deletes them, keeping three generations', () => {
  const { profile } = tempProfile();
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-logs-'));
  fs.mkdirSync(path.join(profile, 'log'));
  fs.writeFileSync(path.join(profile, 'log', 'ipengine-1.log'), 'engine says hi');
  for (let i = 0; i < 5; i++) {
    fs.appendFileSync(path.join(profile, 'log', 'ipengine-1.log'), '.'); // a new run's log
    archiveLogs(profile, storage, new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
  }
  assert.deepEqual(archiveLogs(profile, storage, new Date(Date.UTC(2026, 0, 1, 0, 0, 9))), [], 'unchanged logs were archived twice');
  const kept = archivedLogs(profile, storage);
  assert.equal(new Set(kept.map((k) => k.generation)).size, 3);
  assert.equal(fs.readFileSync(kept[0].path, 'utf8'), 'engine says hi.....');
  assert.match(kept[0].generation, /00-00-04/);
});

test('before each restart only the logs that changed are copied; each generation still holds every log, and keeps it when older ones go', () => {
  const { profile } = tempProfile();
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-logs-'));
  const log = (name: string) => path.join(profile, 'log', name);
  fs.mkdirSync(path.join(profile, 'log'));
  fs.writeFileSync(log('ipcontroller.log'), 'controller up\n');
  fs.writeFileSync(log('ipengine-1.log'), 'first engines\n');
  archiveLogs(profile, storage, new Date(Date.UTC(2026, 0, 1, 0, 0, 0)));
  const first = archivedLogs(profile, storage);
  fs.appendFileSync(log('ipcontroller.log'), 'engines replaced\n'); // a restart: the controller's log grows, new engines log
  fs.writeFileSync(log('ipengine-2.log'), 'second engines\n');
  archiveLogs(profile, storage, new Date(Date.UTC(2026, 0, 1, 0, 0, 1)));
  const newest = archivedLogs(profile, storage).filter((k) => k.generation === archivedLogs(profile, storage)[0].generation);
  assert.deepEqual(
    newest.map((k) => [k.name, fs.readFileSync(k.path, 'utf8')]),
    [
      ['ipcontroller.log', 'controller up\nengines replaced\n'],
      ['ipengine-1.log', 'first engines\n'],
      ['ipengine-2.log', 'second engines\n'],
    ],
  );
  const inode = (file: string) => fs.statSync(file).ino;
  const firstEngineLog = first.find((k) => k.name === 'ipengine-1.log')!.path;
  assert.equal(inode(newest[1].path), inode(firstEngineLog), 'the unchanged engine log was copied again');
  assert.notEqual(inode(newest[0].path), inode(first.find((k) => k.name === 'ipcontroller.log')!.path), 'the grown controller log was not copied');
  // Two restarts later the first generation is gone; what it held is still in the newest.
  for (const second of [2, 3]) {
    fs.appendFileSync(log('ipcontroller.log'), 'engines replaced\n');
    archiveLogs(profile, storage, new Date(Date.UTC(2026, 0, 1, 0, 0, second)));
  }
  assert.equal(fs.existsSync(firstEngineLog), false);
  assert.equal(fs.readFileSync(archivedLogs(profile, storage).find((k) => k.name === 'ipengine-1.log')!.path, 'utf8'), 'first engines\n');
});

test('kept logs hold no key: the 7.x config echo and the connection file key are redacted', () => {
  const { profile } = tempProfile();
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-logs-'));
  const key = '9f1c2d3e-4b5a-6789-abcd-ef0123456789';
  fs.mkdirSync(path.join(profile, 'log'));
  fs.mkdirSync(path.join(profile, 'security'), { recursive: true });
  fs.writeFileSync(path.join(profile, 'security', 'ipcontroller-client.json'), JSON.stringify({ key, registration: 1 }));
  const echo = `[IPEngine] Config changed: {'Session': {'key': b'${key}'}, 'IPEngine': {}}\nconnecting with "key": "${key}" then ${key}\n`;
  fs.writeFileSync(path.join(profile, 'log', 'ipengine-1.log'), echo);
  const [copy] = archiveLogs(profile, storage);
  const kept = fs.readFileSync(copy, 'utf8');
  assert.ok(!kept.includes(key), kept);
  assert.match(kept, /'key': b'<redacted>'/);
  assert.deepEqual(
    archivedLogs(profile, storage).map((l) => l.name),
    ['ipengine-1.log'],
  );
});

test('the profile lock serialises two holders and takes over a lock left by a dead process', async () => {
  const { profile } = tempProfile();
  fs.mkdirSync(path.join(profile, 'pid'));
  const { withProfileLock } = await import('../../src/core/profileLock');
  const lock = path.join(profile, 'pid', 'ipp-engines.lock');
  fs.writeFileSync(lock, '999999'); // a pid that does not run
  const order: string[] = [];
  await withProfileLock(profile, async () => {
    order.push('first');
  });
  assert.deepEqual(order, ['first']);
  assert.equal(fs.existsSync(lock), false, 'the lock was not released');
  const { spawn } = await import('node:child_process');
  const holder = spawn('sleep', ['30']);
  fs.writeFileSync(lock, String(holder.pid));
  await assert.rejects(
    withProfileLock(profile, async () => order.push('second'), 300),
    /Another VS Code window/,
  );
  holder.kill('SIGKILL');
  await new Promise((r) => holder.once('exit', r));
  await withProfileLock(profile, async () => order.push('third'), 2000);
  assert.deepEqual(order, ['first', 'third']);
});

test('a lock naming a live pid with another start time (a reused pid) is taken over at once', async () => {
  const { profile } = tempProfile();
  fs.mkdirSync(path.join(profile, 'pid'));
  const { withProfileLock } = await import('../../src/core/profileLock');
  const lock = path.join(profile, 'pid', 'ipp-engines.lock');
  const { spawn } = await import('node:child_process');
  const other = spawn('sleep', ['30']);
  try {
    // The start time from /proc/<pid>/stat (field 22, in clock ticks since boot), read here independently.
    const stat = fs.readFileSync(`/proc/${other.pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const bootMs = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))![1]) * 1000;
    const startedAt = bootMs + ticks * 10;
    fs.writeFileSync(lock, `${other.pid} ${startedAt}`);
    await assert.rejects(
      withProfileLock(profile, async () => 'held', 300),
      /Another VS Code window/,
      'the live holder lost its lock',
    );
    fs.writeFileSync(lock, `${other.pid} ${startedAt - 60_000}`); // the holder that wrote it ended; its pid now runs `sleep`
    const began = Date.now();
    assert.equal(await withProfileLock(profile, async () => 'taken', 5000), 'taken');
    assert.ok(Date.now() - began < 1000, `waited ${Date.now() - began} ms for a stale lock`);
  } finally {
    other.kill('SIGKILL');
  }
});

test('a huge log is kept by its end only, and the copy says how much was left out', () => {
  const { profile } = tempProfile();
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-logs-'));
  fs.mkdirSync(path.join(profile, 'log'));
  const line = `${'x'.repeat(99)}\n`;
  fs.writeFileSync(path.join(profile, 'log', 'ipengine-1.log'), line.repeat(60_000) + 'the last line\n'); // 6 MB
  const [copy] = archiveLogs(profile, storage);
  const kept = fs.readFileSync(copy, 'utf8');
  assert.ok(kept.length <= 4 * 1024 * 1024 + 200, `${kept.length} bytes kept`);
  assert.match(kept.split('\n')[0], /kept the last 4 MiB of this log; \d+ bytes before them are not kept/);
  assert.equal(kept.split('\n')[1], line.trimEnd(), 'the kept part does not start at a whole line');
  assert.ok(kept.endsWith('the last line\n'));
});
