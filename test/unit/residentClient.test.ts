// The resident client's supervision against a stand-in helper process (same protocol: JSON lines on stdin
// and stdout): a request that overruns its time-out fails at once, but a helper that is only slow is kept
// (what tasks print goes on arriving through it), and one that never answers is ended.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { Timeouts } from '../../src/core/ipyparallel';
import { isAlive } from '../../src/core/kill';
import { silentLogger } from '../../src/core/log';
import { ResidentClient, ResidentError } from '../../src/core/residentClient';

// Answers each status after the seconds its `dead` list names (none: never), with its pid as the answer.
const STAND_IN_HELPER = `
import json, sys, time
print(json.dumps({"event": "engines", "ids": [0]}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    if not request["dead"]:
        continue
    time.sleep(request["dead"][0])
    print(json.dumps({"id": request["id"], "error": str(__import__("os").getpid())}), flush=True)
`;

function client() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-resident-'));
  const helper = path.join(dir, 'helper.py');
  fs.writeFileSync(helper, STAND_IN_HELPER);
  const spawned: number[] = [];
  const resident = new ResidentClient(
    { pythonPath: '/usr/bin/python3', clientFile: path.join(dir, 'client.json'), controllerPid: 1 },
    helper,
    silentLogger,
    { onEngines: () => undefined },
    () => spawned.push(Date.now()),
  );
  return { resident, spawned };
}

const pidOf = (answer: { error?: string }) => Number(answer.error);

test('a slow answer fails its request at its time-out, and the same helper answers the next one', async () => {
  const { resident, spawned } = client();
  try {
    const first = pidOf(await resident.request({ op: 'status', dead: [0] }, 5000));
    await assert.rejects(resident.request({ op: 'status', dead: [1] }, 200), (error: unknown) => error instanceof ResidentError && error.timedOut);
    const next = pidOf(await resident.request({ op: 'status', dead: [0] }, 5000));
    assert.equal(next, first, 'the slow helper was replaced');
    assert.equal(spawned.length, 1);
  } finally {
    resident.dispose();
  }
});

test('a helper that never answers is ended residentHungMs after the time-out; the next request starts another', async () => {
  const { resident, spawned } = client();
  try {
    const first = pidOf(await resident.request({ op: 'status', dead: [0] }, 5000));
    await assert.rejects(resident.request({ op: 'status', dead: [] }, 200), (error: unknown) => error instanceof ResidentError && error.timedOut);
    assert.ok(isAlive(first), 'ended at the time-out already');
    const deadline = Date.now() + Timeouts.residentHungMs + 5000;
    while (isAlive(first) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(!isAlive(first), 'the hung helper was left running');
    const next = pidOf(await resident.request({ op: 'status', dead: [0] }, 5000));
    assert.notEqual(next, first);
    assert.equal(spawned.length, 2);
  } finally {
    resident.dispose();
  }
});
