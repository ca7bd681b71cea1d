// What tasks print carries their label (ipyparallel 9) even when the controller records a task after its
// first print reached the resident client, which happens when the controller is behind under load.
// A stand-in Client answers db_query from the records it holds; the real helper code does the rest.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { run } from '../../src/core/run';
import { silentLogger } from '../../src/core/log';

const PYTHON = '/usr/bin/python3';
const HELPER_DIR = path.resolve(__dirname, '../../../src/python');

const SCRIPT = `
import json, sys
sys.path.insert(0, ${JSON.stringify(HELPER_DIR)})
import ipp_run

class StandInClient:
    def __init__(self): self.records = {}
    def db_query(self, query, keys=None):
        return [dict(self.records[m], msg_id=m) for m in query["msg_id"]["$in"] if m in self.records]

now = [100.0]
ipp_run.time.monotonic = lambda: now[0]
rc = StandInClient()
labels = ipp_run.Labels()
labels.enabled = True  # as on ipyparallel 9 (this interpreter has 7.1)
shown = lambda chunks: [[e, text, label] for e, _, text, _, label in labels.ready(rc, chunks)]
out = {}
rc.records["b"] = {"label": "survey"}
out["a not recorded yet"] = shown([(0, "stdout", "a1\\n", "a"), (1, "stdout", "b1\\n", "b")])
out["waiting"] = labels.wait()
now[0] += 0.5
rc.records["a"] = {"label": "survey"}
out["a recorded"] = shown([(0, "stdout", "a2\\n", "a")])
out["c never recorded, at first"] = shown([(1, "stdout", "c1\\n", "c")])
now[0] += ipp_run.LABEL_WAIT_S
out["c after the wait"] = shown([])
out["nothing waits"] = labels.wait()
labels.enabled = False  # a controller without task records
out["without records"] = shown([(0, "stdout", "d1\\n", "d")])
print(json.dumps(out))
`;

test('task output waits for its task to be recorded, in order, so its lines carry their label; never longer than the wait', async () => {
  const outcome = await run(PYTHON, ['-c', SCRIPT], silentLogger, { timeoutMs: 20_000 });
  assert.equal(outcome.exitCode, 0, outcome.stderr);
  assert.deepEqual(JSON.parse(outcome.stdout.trim().split('\n').pop()!), {
    // b was recorded, but comes after a: both wait, so that the channel keeps the order they printed in.
    'a not recorded yet': [],
    waiting: 0.2,
    'a recorded': [
      [0, 'a1\n', 'survey'],
      [1, 'b1\n', 'survey'],
      [0, 'a2\n', 'survey'],
    ],
    'c never recorded, at first': [],
    'c after the wait': [[1, 'c1\n', null]],
    'nothing waits': 1,
    'without records': [[0, 'd1\n', null]],
  });
});
