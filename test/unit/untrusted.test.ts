// A cloned profile is untrusted input: its files may be symlinks, FIFOs, devices or huge. Each read of one
// runs in a child process under a time limit, so a read that blocks (a FIFO) fails its test instead of hanging
// the run, and the child reports how much memory it took (a huge file read whole shows there).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ClusterControl } from '../../src/core/cluster';
import { checkClientFile, readClusterFiles } from '../../src/core/clusterFiles';
import { profileSetsControllerAddress } from '../../src/core/controllerAddress';
import { UserError } from '../../src/core/errors';
import { clientFilePath, heartbeatOf } from '../../src/core/ipyparallel';
import { silentLogger } from '../../src/core/log';
import { archiveLogs } from '../../src/core/logArchive';
import { KeyRing } from '../../src/core/keyRing';
import { failureCause } from '../../src/core/logTail';
import { createProfile, refreshStartupCopies, startupFileStates } from '../../src/core/profile';
import { withProfileLock } from '../../src/core/profileLock';
import { profileLauncher } from '../../src/core/scaleOut';

/**
 * Each reader of a profile's files, the file it reads, and what it must answer for a file it cannot use
 * (none: a clear error); `large` is the answer of a reader that reads only a huge file's end.
 */
const READERS: Record<string, { file: string; read: (profile: string) => unknown; expected?: unknown; large?: unknown }> = {
  'cluster file': { file: 'security/cluster-a.json', read: (profile) => readClusterFiles(profile).length, expected: 0 },
  'ipcluster_config.py': {
    file: 'ipcluster_config.py',
    read: (profile) => [profileLauncher(profile) ?? null, profileSetsControllerAddress(profile)],
    expected: [null, false],
  },
  'ipcontroller_config.py': { file: 'ipcontroller_config.py', read: (profile) => heartbeatOf(profile).source, expected: 'default' },
  'connection file': { file: 'security/ipcontroller-client.json', read: (profile) => checkClientFile(clientFilePath(profile)) },
  log: {
    file: 'log/ipengine-1-0.log',
    read: (profile) => [failureCause(profile, '', new KeyRing()), archiveLogs(profile, fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-storage-'))).length],
    expected: ['(nothing in the logs)', 0],
    large: ['ipengine-1-0.log: error: boom', 1],
  },
  'profile lock': { file: 'pid/ipp-engines.lock', read: (profile) => withProfileLock(profile, async () => 'ran'), expected: 'ran' },
};

interface ChildAnswer {
  value?: unknown;
  error?: { message: string; userError: boolean };
  maxRssMiB: number;
}

const CHILD_CASE = 'IPP_UNTRUSTED_READ';

const CHILD_LIMIT_MS = 15_000;

function readInChild(reader: string, profile: string, as: { uid?: number; gid?: number } = {}): ChildAnswer {
  const env: NodeJS.ProcessEnv = { ...process.env, [CHILD_CASE]: JSON.stringify({ reader, profile }) };
  delete env.NODE_TEST_CONTEXT; // the child is no test runner's subprocess
  const child = spawnSync(process.execPath, [__filename], { env, encoding: 'utf8', timeout: CHILD_LIMIT_MS, maxBuffer: 1 << 20, ...as });
  assert.ok(
    !child.error && child.status === 0,
    `reading the ${reader} did not return within ${CHILD_LIMIT_MS / 1000} s (${child.error?.message ?? child.signal ?? child.stderr})`,
  );
  return JSON.parse(child.stdout) as ChildAnswer;
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function tempProfile(): string {
  const profile = tempDir('ipp-hostile-');
  for (const dir of ['security', 'log', 'pid', 'startup']) fs.mkdirSync(path.join(profile, dir));
  return profile;
}

/** The hostile kinds of file a cloned profile can hold in place of one of its files, and how to make each. */
const HOSTILE: Record<string, { make: (file: string) => void; why: RegExp }> = {
  FIFO: { make: (file) => execFileSync('mkfifo', [file]), why: /not a regular file/ },
  'symlink to /dev/zero': { make: (file) => fs.symlinkSync('/dev/zero', file), why: /symbolic link/ },
  // Sparse: 1 GiB that takes no disk, and lines at its end as a log would have.
  '1 GiB file': {
    make: (file) => {
      fs.writeFileSync(file, '');
      fs.truncateSync(file, 1 << 30);
      fs.appendFileSync(file, 'Registering with controller at tcp://10.0.0.1:1\nerror: boom\n');
    },
    why: /larger than/,
  },
};

function defineTests(): void {
  for (const [kind, { make, why }] of Object.entries(HOSTILE)) {
    for (const [reader, { file, expected: absent, large }] of Object.entries(READERS)) {
      const expected = kind === '1 GiB file' && large !== undefined ? large : absent;
      test(`a ${kind} as the ${reader}: answered at once, nothing read past a cap, ${expected === undefined ? 'a clear error naming it' : expected === large ? 'only its end read' : 'taken as absent'}`, () => {
        const profile = tempProfile();
        make(path.join(profile, file));
        const answer = readInChild(reader, profile);
        assert.ok(answer.maxRssMiB < 400, `the read took ${Math.round(answer.maxRssMiB)} MiB: the file was read whole`);
        if (expected !== undefined) return assert.deepEqual(answer, { value: expected, maxRssMiB: answer.maxRssMiB });
        assert.ok(answer.error?.userError, `no UserError: ${JSON.stringify(answer)}`);
        assert.ok(answer.error.message.includes(path.join(profile, file)), answer.error.message);
        assert.match(answer.error.message, why);
      });
    }
  }

  test(
    'a connection file that cannot be read (permission denied) gives a clear error naming it, not a raw EACCES',
    { skip: process.getuid?.() !== 0 && 'needs root to read as another user' },
    () => {
      const profile = tempProfile();
      const file = clientFilePath(profile);
      fs.writeFileSync(file, '{"key": "k", "registration": 1234, "interface": "tcp://127.0.0.1"}', { mode: 0o600 });
      for (const dir of [profile, path.join(profile, 'security')]) fs.chmodSync(dir, 0o755);
      // As nobody, the root-owned 0600 file cannot be opened.
      const answer = readInChild('connection file', profile, { uid: 65534, gid: 65534 });
      assert.ok(answer.error?.userError, JSON.stringify(answer));
      assert.ok(answer.error.message.includes(file), answer.error.message);
      assert.match(answer.error.message, /permission denied/);
      assert.doesNotMatch(answer.error.message, /EACCES/);
    },
  );

  test('a connection file whose fields have the wrong types is refused naming the field, never quoting the key', () => {
    const good = { key: 'secret-key-1234', registration: 1234, interface: 'tcp://127.0.0.1', control: 1235, task_scheme: 'leastload', location: null, ssh: '' };
    const profile = tempProfile();
    const file = clientFilePath(profile);
    fs.writeFileSync(file, JSON.stringify(good));
    checkClientFile(file);
    const wrong: [string, unknown][] = [
      ['key', 123],
      ['key', null],
      ['registration', ''],
      ['registration', { port: 1 }],
      ['registration', 70000],
      ['registration', 1.5],
      ['interface', 5],
      ['interface', '127.0.0.1'],
      ['control', true],
      ['task_scheme', []],
      ['location', 5],
    ];
    for (const [field, value] of wrong) {
      fs.writeFileSync(file, JSON.stringify({ ...good, [field]: value }));
      assert.throws(
        () => checkClientFile(file),
        (e: unknown) =>
          e instanceof UserError && e.kind === 'corrupt-file' && e.message.includes(`"${field}"`) && e.message.includes(file) && !e.message.includes(good.key),
        `${field}: ${JSON.stringify(value)}`,
      );
    }
    fs.writeFileSync(file, JSON.stringify({ key: 'k', registration: 1 }));
    assert.throws(() => checkClientFile(file), /"interface"/);
  });

  test('a startup copy that is a symlink is refused, and the file it points to is not written', async () => {
    const ws = tempDir('ipp-ws-');
    const outside = tempDir('ipp-home-');
    const keys = path.join(outside, 'authorized_keys');
    fs.writeFileSync(keys, 'ssh-ed25519 AAAA mine\n');
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(keys, past, past);
    fs.mkdirSync(path.join(ws, 'Local'));
    fs.writeFileSync(path.join(ws, 'Local', '10-threads.py'), 'ssh-ed25519 AAAA attacker\n');
    const profile = tempProfile();
    fs.writeFileSync(path.join(profile, 'ipcluster_config.py'), '');
    const copy = path.join(profile, 'startup', '10-threads.py');
    fs.symlinkSync(keys, copy);
    const states = startupFileStates(profile, ws, ['Local/10-threads.py']);
    assert.throws(
      () => refreshStartupCopies(states),
      (e: unknown) => e instanceof UserError && e.kind === 'refused' && e.message.includes(copy),
    );
    assert.equal(fs.readFileSync(keys, 'utf8'), 'ssh-ed25519 AAAA mine\n');
    assert.equal(fs.statSync(keys).mtimeMs, past.getTime());
    // A link to a file that does not exist yet: Create Profile on the existing profile would have made it.
    const planted = path.join(outside, 'planted');
    fs.rmSync(copy);
    fs.symlinkSync(planted, copy);
    await assert.rejects(
      createProfile('/nonexistent/python', profile, ws, ['Local/10-threads.py'], silentLogger),
      (e: unknown) => e instanceof UserError && e.kind === 'refused',
    );
    assert.equal(fs.existsSync(planted), false, 'a file was written through the link');
    assert.deepEqual(fs.readdirSync(outside), ['authorized_keys']);
  });

  test('a startup folder that is a symlink is refused, and nothing is written where it points', () => {
    const ws = tempDir('ipp-ws-');
    const outside = tempDir('ipp-elsewhere-');
    fs.writeFileSync(path.join(ws, '00-path.py'), 'x = 1\n');
    const profile = tempProfile();
    fs.rmdirSync(path.join(profile, 'startup'));
    fs.symlinkSync(outside, path.join(profile, 'startup'));
    assert.throws(
      () => refreshStartupCopies(startupFileStates(profile, ws, ['00-path.py'])),
      (e: unknown) => e instanceof UserError && e.kind === 'refused' && e.message.includes(path.join(profile, 'startup')),
    );
    assert.deepEqual(fs.readdirSync(outside), []);
  });

  test('a startup copy is replaced by a new file: a hard link to the old copy keeps the old text', () => {
    const ws = tempDir('ipp-ws-');
    fs.writeFileSync(path.join(ws, '00-path.py'), 'x = 2\n');
    const profile = tempProfile();
    const copy = path.join(profile, 'startup', '00-path.py');
    fs.writeFileSync(copy, 'x = 1\n');
    const other = path.join(tempDir('ipp-other-'), 'linked');
    fs.linkSync(copy, other);
    assert.deepEqual(refreshStartupCopies(startupFileStates(profile, ws, ['00-path.py'])), [copy]);
    assert.equal(fs.readFileSync(copy, 'utf8'), 'x = 2\n');
    assert.equal(fs.readFileSync(other, 'utf8'), 'x = 1\n');
    assert.deepEqual(fs.readdirSync(path.join(profile, 'startup')), ['00-path.py'], 'a temporary file was left');
  });

  test('two startup files of the same name are refused, naming both; nothing is copied', () => {
    const ws = tempDir('ipp-ws-');
    for (const dir of ['a', 'b']) {
      fs.mkdirSync(path.join(ws, dir));
      fs.writeFileSync(path.join(ws, dir, '00-setup.py'), `where = ${JSON.stringify(dir)}\n`);
    }
    const profile = tempProfile();
    assert.throws(
      () => refreshStartupCopies(startupFileStates(profile, ws, ['a/00-setup.py', 'b/00-setup.py'])),
      (e: unknown) => e instanceof UserError && e.message.includes(path.join(ws, 'a', '00-setup.py')) && e.message.includes(path.join(ws, 'b', '00-setup.py')),
    );
    assert.deepEqual(fs.readdirSync(path.join(profile, 'startup')), []);
  });

  test('a startup source larger than a script can be is refused, nothing is copied', () => {
    const ws = tempDir('ipp-ws-');
    const source = path.join(ws, 'big.py');
    fs.writeFileSync(source, '');
    fs.truncateSync(source, 1 << 30);
    const profile = tempProfile();
    assert.throws(
      () => refreshStartupCopies(startupFileStates(profile, ws, ['big.py'])),
      (e: unknown) => e instanceof UserError && /larger than/.test(e.message) && e.message.includes(source),
    );
    assert.deepEqual(fs.readdirSync(path.join(profile, 'startup')), []);
  });

  test('a config file ipyparallel would read that is a FIFO, /dev/zero or 1 GiB: start, restart and scale refuse naming it, before any Python runs', async () => {
    let pythonAsked = 0;
    const python = () => (pythonAsked++, Promise.reject(new Error('no Python here')));
    const control = new ClusterControl({
      helperPath: '/nonexistent/helper.py',
      log: silentLogger,
      keys: new KeyRing(),
    });
    try {
      for (const [kind, { make }] of Object.entries(HOSTILE)) {
        for (const name of ['ipcluster_config.py', 'ipcontroller_config.py', 'ipengine_config.py']) {
          const profile = tempProfile();
          const file = path.join(profile, name);
          make(file);
          const target = { profileDir: profile, workspaceFolder: profile, python };
          for (const launch of [() => control.start(target), () => control.restartEngines(target), () => control.scaleEngines(target, 2)]) {
            await assert.rejects(
              launch(),
              (e: unknown) => e instanceof UserError && e.kind === 'refused' && e.message.includes(file) && /Nothing was started/.test(e.message),
              `${kind} as ${name}`,
            );
          }
        }
      }
      assert.equal(pythonAsked, 0);
      // A symlink to a regular config file is how dotfile set-ups keep theirs: it goes ahead (to ask for Python).
      const profile = tempProfile();
      const real = path.join(tempDir('ipp-dotfiles-'), 'ipcluster_config.py');
      fs.writeFileSync(real, 'c = get_config()\n');
      fs.symlinkSync(real, path.join(profile, 'ipcluster_config.py'));
      await assert.rejects(control.start({ profileDir: profile, workspaceFolder: profile, python }), /no Python here/);
    } finally {
      control.dispose();
    }
  });
}

// Last: the tables above are set by now.
if (process.env[CHILD_CASE]) {
  const { reader, profile } = JSON.parse(process.env[CHILD_CASE]) as { reader: string; profile: string };
  const answer = async (): Promise<Omit<ChildAnswer, 'maxRssMiB'>> => {
    try {
      return { value: await READERS[reader].read(profile) };
    } catch (error) {
      return { error: { message: (error as Error).message, userError: error instanceof UserError } };
    }
  };
  void answer().then((a) => {
    process.stdout.write(JSON.stringify({ ...a, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
    process.exit(0);
  });
} else {
  defineTests();
}
