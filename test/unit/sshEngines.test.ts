import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseClusterFile } from '../../src/core/clusterFiles';
import { UserError } from '../../src/core/errors';
import { silentLogger } from '../../src/core/log';
import { launcherArgs, launcherDefaults, slurmSeconds, slurmTemplate } from '../../src/core/scaleOut';
import { destinationOf, parseSshHost, probeSshHosts, sshHostsOf } from '../../src/core/sshEngines';

const refusedWith = (pattern: RegExp) => (e: unknown) => e instanceof UserError && pattern.test(e.message) && /Nothing was started/.test(e.message);

test('SSH hosts: ipyparallel gets the hosts, the interpreter and a profile it must not copy onto itself', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-ssh-'));
  const settings = { ...launcherDefaults('ssh'), ssh: { hosts: { node1: 2, 'me@node2:2222': 3 }, python: '' } };
  const args = launcherArgs(settings, dir, '/env/bin/python');
  assert.deepEqual(args.slice(0, 7), [
    '--engines=ssh',
    '--SSHEngineSetLauncher.engines={"node1":2,"me@node2:2222":3}',
    '--SSHEngineLauncher.to_send=[]',
    '--SSHEngineSetLauncher.delay=0',
    '--SSHLauncher.poll_seconds=2',
    '--SSHLauncher.remote_python=/env/bin/python',
    `--SSHLauncher.remote_profile_dir=${dir}`,
  ]);
  assert.ok(launcherArgs({ ...settings, ssh: { ...settings.ssh, python: '/opt/py' } }, dir, '/env/bin/python').includes('--SSHLauncher.remote_python=/opt/py'));
});

test('SSH hosts that ssh could take for an option or a command, and bad counts, are refused by name', () => {
  for (const key of ['-oProxyCommand=touch /tmp/x', 'node1;rm -rf ~', 'node 1', '', 'a@b@c']) {
    assert.equal(parseSshHost(key), undefined, key);
    assert.throws(() => sshHostsOf({ [key]: 1 }), refusedWith(/not a host name/), key);
  }
  for (const count of [0, -1, 1.5, '2', 5000]) assert.throws(() => sshHostsOf({ node1: count }), refusedWith(/engine count/), String(count));
  assert.throws(() => sshHostsOf({}), refusedWith(/ippEngines\.ssh\.hosts/));
  assert.deepEqual(parseSshHost('me@node2:2222'), { key: 'me@node2:2222', user: 'me', host: 'node2', port: '2222' });
});

test('an engine is matched to the destination it runs on, by name or short name', () => {
  const hosts = ['node1.lab.example', 'me@node2'].map((k) => parseSshHost(k)!);
  assert.equal(destinationOf('node1', hosts)?.key, 'node1.lab.example');
  assert.equal(destinationOf('node2', hosts)?.key, 'me@node2');
  assert.equal(destinationOf('node3', hosts), undefined);
});

test('a cluster file names the hosts of its SSH engines; names ssh would take for options are dropped', () => {
  const file = '/p/security/cluster-.json';
  const engines = {
    'node1/0': { hostname: 'node1', pid: 420 },
    'node2/0': { hostname: 'node2', user: 'me', pid: 420 },
    'x/0': { hostname: '-oProxyCommand=evil', pid: 1 },
  };
  const parsed = parseClusterFile(file, JSON.stringify({ engines: { class: 'ssh', sets: { 1: { engines } } } }))!;
  assert.deepEqual(parsed.engineSets[0].hosts, ['node1', 'me@node2']);
});

test('Slurm across nodes: the settings become #SBATCH lines of a batch script that keeps the job marks', () => {
  const slurm = {
    ...launcherDefaults('slurm').slurm,
    nodes: 2,
    tasksPerNode: 2,
    cpusPerEngine: 4,
    partition: 'debug',
    extraDirectives: ['--mem=4G', '#SBATCH --comment={x}'],
  };
  assert.equal(slurmTemplate(launcherDefaults('slurm').slurm), undefined, 'no settings: ipyparallel keeps its own script');
  const script = slurmTemplate(slurm)!;
  for (const line of [
    '#SBATCH --job-name=ipengine-{cluster_id}',
    '#SBATCH --output={output_file}',
    '#SBATCH --ntasks={n}',
    '#SBATCH --nodes=2',
    '#SBATCH --ntasks-per-node=2',
    '#SBATCH --cpus-per-task=4',
    '#SBATCH --partition=debug',
    '#SBATCH --mem=4G',
    '#SBATCH --comment={{x}}',
    'srun {program_and_args}',
  ]) {
    assert.ok(script.split('\n').includes(line), `${line} missing from:\n${script}`);
  }
  // A line break would start a shell line of the script; sbatch itself reads (and checks) what follows #SBATCH.
  for (const bad of ['--mem=4G\nrm -rf ~', '--mem=4G\r', 'mem=4G', '#SBATCH']) {
    assert.throws(
      () => slurmTemplate({ ...slurm, extraDirectives: [bad] }),
      (e: unknown) => e instanceof UserError && /extraDirectives/.test(e.message),
      JSON.stringify(bad),
    );
  }
  assert.throws(
    () => slurmTemplate({ ...slurm, nodes: 1.5 }),
    (e: unknown) => e instanceof UserError && /ippEngines\.slurm\.nodes/.test(e.message),
  );
  assert.throws(
    () => slurmTemplate({ ...slurm, cpusPerEngine: 0 }),
    (e: unknown) => e instanceof UserError && /cpusPerEngine/.test(e.message),
  );
});

test('probing SSH hosts names each one that cannot run engines, and why', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-ssh-probe-'));
  const profile = path.join(dir, 'profile');
  fs.mkdirSync(profile);
  // An ssh on PATH that answers as each kind of host would; `shared` sees the profile as this host does.
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(
    path.join(bin, 'ssh'),
    [
      '#!/bin/sh',
      'for a; do last="$a"; [ "$prev" = "--" ] && host="$a"; prev="$a"; done',
      'case "$host" in',
      `  shared) set -- $(stat -c '%i %Y' '${profile}'); echo "IPP-PROBE {\\"ipyparallel\\": \\"9.2.0\\", \\"folder\\": [$1, $2]}" ;;`,
      '  unknown) echo "ssh: Could not resolve hostname unknown: Name or service not known" >&2; exit 255 ;;',
      '  nokey) echo "me@nokey: Permission denied (publickey)." >&2; exit 255 ;;',
      '  nopython) echo "sh: 1: /env/bin/python: not found" >&2; exit 127 ;;',
      '  otherdisk) echo \'IPP-PROBE {"ipyparallel": "9.2.0", "folder": [1, 2]}\' ;;',
      '  noipp) echo \'IPP-PROBE {"ipyparallel": null, "folder": [1, 2]}\' ;;',
      'esac',
    ].join('\n'),
    { mode: 0o755 },
  );
  const path0 = process.env.PATH;
  process.env.PATH = `${bin}:${path0}`;
  try {
    const probe = (hosts: Record<string, number>) => probeSshHosts(hosts, '/env/bin/python', profile, silentLogger);
    await probe({ shared: 2 });
    await assert.rejects(probe({ unknown: 1 }), refusedWith(/unknown is not a known host/));
    await assert.rejects(probe({ nokey: 1 }), refusedWith(/nokey refused the login by key/));
    await assert.rejects(probe({ nopython: 1 }), refusedWith(/nopython cannot run .*ippEngines\.ssh\.python/));
    await assert.rejects(probe({ otherdisk: 1 }), refusedWith(/otherdisk does not share this file system/));
    await assert.rejects(probe({ noipp: 1 }), refusedWith(/noipp runs .* but it lacks ipyparallel/));
    await assert.rejects(
      probe({ shared: 1, unknown: 1, nokey: 1 }),
      (e: unknown) => e instanceof UserError && /unknown/.test(e.message) && /nokey/.test(e.message) && !/shared/.test(e.message),
    );
  } finally {
    process.env.PATH = path0;
  }
});

test("Slurm's time left reads as seconds in each of its formats; no limit reads as none", () => {
  assert.deepEqual(['4:59', '1:00:00', '2-03:04:05', '0:00', 'UNLIMITED', 'INVALID', 'NOT_SET', ''].map(slurmSeconds), [
    299,
    3600,
    183845,
    0,
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
});
