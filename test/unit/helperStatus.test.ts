// The helper's status arithmetic against a controller that hears of results after the client does: the
// scheduler sends each result to both, so for a moment the controller still counts our probe as queued.
// A stand-in Client (same calls, same answers as ipyparallel's) drives the real helper code.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { run } from '../../src/core/run';
import { silentLogger } from '../../src/core/log';

const PYTHON = '/usr/bin/python3';
const HELPER_DIR = path.resolve(__dirname, '../../../src/python');

const STAND_IN_CLIENT = `
import json, sys
sys.path.insert(0, ${JSON.stringify(HELPER_DIR)})
import ipp_helper as helper

class Done:
    def __init__(self, value): self.value = value
    def get(self, timeout=None): return self.value

class Direct:
    def __init__(self, engine_id): self.engine_id = engine_id
    def apply_async(self, f, *args): return Done({"pid": 100 + self.engine_id, "host": "here"})

class StandInClient:
    """Two engines; our probes m0 (engine 0) and m1 (engine 1) have their results here."""
    ids = [0, 1]
    def __init__(self, queues, controller_pending):
        self.queues, self.controller_pending, self.asked = queues, set(controller_pending), 0
        self.history, self.outstanding = ["m0", "m1"], set()
        self.results = {"m0": {}, "m1": {}}
        self.metadata = {"m0": {"engine_id": 0}, "m1": {"engine_id": 1}}
        self._engines, self._outstanding_dict = {}, {}
    def spin(self): pass
    def queue_status(self): return self.queues
    def result_status(self, msg_ids, status_only=True):
        # As ipyparallel's: results this client holds are answered without asking the controller.
        self.asked += 1
        pending = [m for m in msg_ids if m not in self.results and m in self.controller_pending]
        return {"pending": pending, "completed": [m for m in msg_ids if m not in pending]}
    def __getitem__(self, engine_id): return Direct(engine_id)
`;

async function python(script: string): Promise<unknown> {
  const outcome = await run(PYTHON, ['-c', STAND_IN_CLIENT + script], silentLogger, { timeoutMs: 20_000 });
  assert.equal(outcome.exitCode, 0, outcome.stderr);
  return JSON.parse(outcome.stdout.trim().split('\n').pop()!);
}

test("status: our own finished probe that the controller still counts is not the user's work; the user's task is", async () => {
  // Engine 0's queue holds only our probe m0 (the controller has not heard of its result yet); engine 1's
  // holds a task of the user's (the controller already recorded m1).
  const status = (await python(`
rc = StandInClient({0: {"queue": 1, "completed": 3, "tasks": 0}, 1: {"queue": 1, "completed": 3, "tasks": 0}}, ["m0"])
helper.forget_results(rc)
print(json.dumps(helper.status_of(rc, set(), 1.0)))
`)) as { engines: { id: number; queue: number; answered: boolean }[] };
  assert.deepEqual(
    status.engines.map((e) => ({ id: e.id, queue: e.queue, answered: e.answered })),
    [
      { id: 0, queue: 0, answered: true },
      { id: 1, queue: 1, answered: false },
    ],
  );
});

test('waiting for the controller to record our probes: asks again until it has, and gives up after its time-out', async () => {
  const answer = await python(`
rc = StandInClient({}, ["m0"])
helper.controller_caught_up(rc, ["m0", "m1"], 0.2)
asked_while_pending = rc.asked
rc.controller_pending.clear()
rc.asked = 0
helper.controller_caught_up(rc, ["m0", "m1"], 60.0)
print(json.dumps({"askedWhilePending": asked_while_pending, "askedOnceRecorded": rc.asked}))
`);
  const { askedWhilePending, askedOnceRecorded } = answer as { askedWhilePending: number; askedOnceRecorded: number };
  assert.ok(askedWhilePending > 1, `asked the controller only ${askedWhilePending} time(s) while it still listed the probe`);
  assert.equal(askedOnceRecorded, 1);
});
