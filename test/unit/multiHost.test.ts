import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { controllerAddress, controllerAddressArgs, enginesElsewhere } from '../../src/core/controllerAddress';
import { UserError } from '../../src/core/errors';
import { onThisHost } from '../../src/core/hosts';
import { isProfileJob, parseSlurmQueue } from '../../src/core/scaleOut';

const profile = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-multi-'));
const login = {
  name: 'login',
  interfaces: {
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
    ib0: [{ address: '10.231.7.1', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '10.231.7.1/24' }],
  },
} as const satisfies { name: string; interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> };

test('engines elsewhere: batch systems and ssh, and mpi only with hosts; local never', () => {
  assert.deepEqual(
    ['local', 'mpi', 'slurm', 'ssh', 'pbs'].map((l) => enginesElsewhere(l)),
    [false, false, true, true, true],
  );
  assert.equal(enginesElsewhere('mpi', ['--oversubscribe']), false);
  assert.equal(enginesElsewhere('mpi', ['--host', 'node1,node2']), true);
  assert.equal(enginesElsewhere('mpi', ['--hostfile=hosts.txt']), true);
});

test("the controller listens where engines on other hosts reach it: every interface and this host's name, or the setting; local stays on loopback", () => {
  const dir = profile();
  assert.deepEqual(controllerAddress('local', [], '10.231.7.1', dir, login), { ip: '', location: '', source: 'local' });
  assert.deepEqual(controllerAddressArgs(controllerAddress('local', [], '', dir, login)), [], 'a local cluster is left on loopback');
  const slurm = controllerAddress('slurm', [], '', dir, login);
  assert.deepEqual(slurm, { ip: '*', location: 'login', source: 'default' });
  assert.deepEqual(controllerAddressArgs(slurm), ['--Cluster.controller_ip=*', '--Cluster.controller_location=login']);
  assert.deepEqual(controllerAddress('slurm', [], '10.231.7.1', dir, login), { ip: '10.231.7.1', location: '10.231.7.1', source: 'setting' });
  assert.deepEqual(
    controllerAddress('slurm', [], 'ib0', dir, login),
    { ip: '10.231.7.1', location: '10.231.7.1', source: 'setting' },
    'an interface name is its address',
  );
  assert.throws(
    () => controllerAddress('slurm', [], 'eth7', dir, login),
    (e: unknown) => e instanceof UserError && /ippEngines\.controller\.ip/.test(e.message) && /ib0/.test(e.message) && /Nothing was started/.test(e.message),
  );
});

test("a profile's own controller address wins, and nothing is passed", () => {
  for (const [file, line] of [
    ['ipcluster_config.py', "c.Cluster.controller_ip = '0.0.0.0'"],
    ['ipcluster_config.py', "c.Cluster.controller_location = 'login.example.org'"],
    ['ipcontroller_config.py', "c.IPController.ip = '*'"],
    ['ipcontroller_config.py', "  c.IPController.location = 'login'"],
  ]) {
    const dir = profile();
    fs.writeFileSync(path.join(dir, file), `c = get_config()\n${line}\n`);
    const address = controllerAddress('slurm', [], '10.231.7.1', dir, login);
    assert.equal(address.source, 'profile', line);
    assert.deepEqual(controllerAddressArgs(address), []);
  }
  const commented = profile();
  fs.writeFileSync(path.join(commented, 'ipcontroller_config.py'), "# c.IPController.ip = '*'\n");
  assert.equal(controllerAddress('slurm', [], '', commented, login).source, 'default', 'a commented-out line counts');
  const fifo = profile();
  fs.symlinkSync('/dev/zero', path.join(fifo, 'ipcluster_config.py'));
  assert.equal(controllerAddress('slurm', [], '', fifo, login).source, 'default', 'a config that is a symlink to a device is not read');
});

test('only an engine on this host is judged from its process table', () => {
  assert.equal(onThisHost('login', 'login'), true);
  assert.equal(onThisHost('node1', 'login'), false);
  assert.equal(onThisHost(null, 'login'), true, 'an engine that has not answered yet');
});

test("Slurm jobs: only those with this profile's marks are ours; a job of another profile or a user's with the same name is not", () => {
  const queue = parseSlurmQueue(
    [
      '12|RUNNING|None|ipengine-|/home/u/sand/ipyparallel/u/login/log/ipengine-1700000000.log|node[1-2]|1:59:58|',
      '13|RUNNING|None|ipengine-|/home/u/other/ipyparallel/u/login/log/ipengine-1700000001.log|node1|UNLIMITED|',
      '14|RUNNING|None|ipengine-|/dev/null|node2|UNLIMITED|',
      '15|PENDING|Resources|my-sim|/home/u/sand/ipyparallel/u/login/log/mine.log||INVALID|',
      '16|RUNNING|None|ipy-engine-x|/home/u/sand/ipyparallel/u/login/log/ipengine-x.log|node1|9:00|',
      'garbage line',
      '17_3|RUNNING|None|ipengine-|/home/u/sand/ipyparallel/u/login-2/log/a.log|node2|1:00|',
    ].join('\n'),
  );
  assert.deepEqual([...queue.keys()], ['12', '13', '14', '15', '16', '17_3']);
  assert.deepEqual(queue.get('12'), {
    id: '12',
    state: 'RUNNING',
    reason: 'None',
    name: 'ipengine-',
    stdout: '/home/u/sand/ipyparallel/u/login/log/ipengine-1700000000.log',
    nodes: 'node[1-2]',
    timeLeft: '1:59:58',
  });
  const dirs = ['/home/u/sand/ipyparallel/u/login'];
  const ours = (id: string, submitted: string[] = []) => isProfileJob(queue.get(id)!, dirs, new Set(submitted));
  assert.deepEqual(
    ['12', '13', '14', '15', '16', '17_3'].map((id) => ours(id)),
    [true, false, false, false, true, false],
  );
  assert.equal(ours('15', ['15']), true, "a job this window submitted under a template of the profile's");
  assert.equal(ours('14', ['14']), false, 'output outside the profile is never ours');
});
