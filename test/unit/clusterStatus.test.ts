// ClusterControl's status against stand-ins at its process boundaries: a process the scan takes for the
// profile's controller, and a resident helper that answers from a script and records every request.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ClusterControl } from '../../src/core/cluster';
import { clientFilePath } from '../../src/core/ipyparallel';
import { KeyRing } from '../../src/core/keyRing';
import { silentLogger } from '../../src/core/log';

const PYTHON = '/usr/bin/python3';

/** A `serve` helper that answers the n-th status with `answers[n]` (the last one after that) and appends each request to `requests`. */
function standInHelper(dir: string, answers: object[][], requests: string): string {
  const helper = path.join(dir, 'helper.py');
  fs.writeFileSync(
    helper,
    [
      'import json, socket, sys',
      `answers = json.loads(${JSON.stringify(JSON.stringify(answers))})`,
      'host = socket.gethostname()',
      'print(json.dumps({"event": "engines", "ids": []}), flush=True)',
      'asked = 0',
      'for line in sys.stdin:',
      '    if not line.strip(): continue',
      '    request = json.loads(line)',
      `    with open(${JSON.stringify(requests)}, "a") as f: f.write(json.dumps(request) + "\\n")`,
      '    engines = [dict(e, host=host, queue=0, completed=0, tasks=0, answered=True) for e in answers[min(asked, len(answers) - 1)]]',
      '    asked += 1',
      '    print(json.dumps({"id": request["id"], "status": {"engines": engines, "unassigned": 0}}), flush=True)',
    ].join('\n'),
  );
  return helper;
}

test('engine ids the controller no longer lists are not sent as dead with later requests: restarts do not grow them', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-status-'));
  const profile = path.join(dir, 'profile');
  fs.mkdirSync(path.join(profile, 'security'), { recursive: true });
  fs.writeFileSync(
    clientFilePath(profile),
    JSON.stringify({ key: 'k', registration: 1, interface: 'tcp://127.0.0.1', control: 2, task_scheme: 'leastload', location: null, ssh: '' }),
  );
  const controller = spawn(PYTHON, ['-c', 'import time; time.sleep(120)', '-m', 'ipyparallel.controller', '--profile-dir', profile], { stdio: 'ignore' });
  // Its cluster file names it, as ipcluster's does: a controller without scheduler children is live by that alone.
  fs.writeFileSync(
    path.join(profile, 'security', 'cluster-.json'),
    JSON.stringify({ cluster: { cluster_id: '' }, controller: { state: { pid: controller.pid } }, engines: { sets: {} } }),
  );
  // Pids that are no engine processes: each engine the controller lists is gone as soon as it is known.
  const [old0, old1, fresh] = [999_001, 999_002, 999_003];
  const requests = path.join(dir, 'requests.jsonl');
  // Before a restart: engines 0 and 1. After it, the controller lists only the fresh engine 2.
  const helperPath = standInHelper(
    dir,
    [
      [
        { id: 0, pid: old0 },
        { id: 1, pid: old1 },
      ],
      [{ id: 2, pid: fresh }],
    ],
    requests,
  );
  const control = new ClusterControl({
    helperPath,
    log: silentLogger,
    keys: new KeyRing(),
  });
  t.after(() => {
    control.dispose();
    controller.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const target = { profileDir: profile, workspaceFolder: dir, python: async () => ({ pythonPath: PYTHON, ipyparallelVersion: '9.2.0', major: 9 }) };
  // Until Python has exec'd, the stand-in's command line is still node's.
  while (!fs.readFileSync(`/proc/${controller.pid}/cmdline`, 'utf8').includes('ipyparallel.controller')) await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i < 3; i++) assert.equal((await control.status(target)).controllerAlive, true);
  const sent = fs
    .readFileSync(requests, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { dead: number[] }).dead.sort());
  // First nothing is known; then 0 and 1 are known and gone; then only 2: 0 and 1 left the controller's list.
  assert.deepEqual(sent, [[], [0, 1], [2]]);
});
