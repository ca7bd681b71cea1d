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
    def __init__(self, msg_id, value): self.msg_ids, self.value = [msg_id], value
    def get(self, timeout=None): return self.value

class StandInClient:
    """Two engines, as ipyparallel's Client: requests are in history from their sending until forgotten; an
    answered one is no longer outstanding, and the Client has already dropped its metadata (engine included).
    The controller's counts were taken earlier than its lists (queue_status verbose=True) are answered."""
    ids = [0, 1]
    def __init__(self, counts, lists, controller_pending=()):
        self.counts, self.lists, self.controller_pending = counts, lists, set(controller_pending)
        self.history, self.outstanding, self.results, self.metadata = [], set(), {}, {}
        self._engines, self._outstanding_dict = {0: "uuid0", 1: "uuid1"}, {}
        self.asked = self.listed = 0
        self.probed = []  # the engine of each probe, in order
        self.unseen = set()  # requests the controller has not heard of yet
    def spin(self): pass
    def queue_status(self, targets=None, verbose=False):
        if not verbose: return self.counts
        self.listed += 1
        return {t: self.lists[t] for t in targets}
    def result_status(self, msg_ids, status_only=True):
        # As ipyparallel's: results this client holds are answered without asking the controller.
        self.asked += 1
        if any(m in self.unseen for m in msg_ids):
            raise KeyError("No such msg: %s" % sorted(self.unseen)[0])  # as ipyparallel's controller
        pending = [m for m in msg_ids if m not in self.results and m in self.controller_pending]
        return {"pending": pending, "completed": [m for m in msg_ids if m not in pending]}
    def __getitem__(self, engine_id):
        client = self
        class Direct:
            def apply_async(self, f, *args):
                msg_id = "probe%d-%d" % (engine_id, len(client.history))
                client.history.append(msg_id)  # answered at once
                client.probed.append(engine_id)
                return Done(msg_id, {"pid": 100 + engine_id, "host": "here"})
        return Direct()

def states(status):
    return [(e["id"], e["queue"], e["tasks"], e["answered"]) for e in status["engines"]]

def lists(queue=(), tasks=()):
    return {"queue": list(queue), "tasks": list(tasks), "completed": []}

def counts(queue, tasks=0):
    return {"queue": queue, "tasks": tasks, "completed": 3}
`;

async function python(script: string): Promise<unknown> {
  const outcome = await run(PYTHON, ['-c', STAND_IN_CLIENT + script], silentLogger, { timeoutMs: 20_000 });
  assert.equal(outcome.exitCode, 0, outcome.stderr);
  return JSON.parse(outcome.stdout.trim().split('\n').pop()!);
}

test("status: our own probes, however late the controller hears of them, are not the user's work; the user's are", async () => {
  const answer = await python(`
out = {}
# Each scenario is a controller of its own (so a helper of its own): nothing identified yet.
# A status's probes answered, and a request ended; the controller still lists both probes.
rc = StandInClient({0: counts(0), 1: counts(0)}, {0: lists(["probe0-0"]), 1: lists(["probe1-1"])})
helper.status_of(rc, set(), 1.0)
helper.forget_results(rc)
rc.counts = {0: counts(1), 1: counts(1)}
out["finished probes still listed"] = states(helper.status_of(rc, set(), 1.0))
# A probe that overran its time-out answered on the Client's thread after the last request ended.
helper.finished_requests.clear()
helper.identities.clear()
rc = StandInClient({0: counts(1), 1: counts(0)}, {0: lists(["late"]), 1: lists()})
rc.history.append("late")
helper.probe_engines["late"] = 0
out["late answer"] = states(helper.status_of(rc, set(), 1.0))
# The controller counted our probe, then recorded its result before listing: counts and lists disagree.
helper.finished_requests.clear()
helper.finished_requests["gone"] = (1, helper.time.monotonic())
helper.identities.clear()
rc = StandInClient({0: counts(0), 1: counts(1)}, {0: lists(), 1: lists()})
out["counted, then recorded"] = states(helper.status_of(rc, set(), 1.0))
# The user's work beside ours: a queued request on engine 0, a load-balanced task on engine 1, and ours
# still outstanding (a load-balanced request of ours: it may be on either engine).
helper.finished_requests.clear()
helper.identities.clear()
rc = StandInClient({0: counts(2), 1: counts(0, 2)}, {0: lists(["user-a", "ours-lb"]), 1: lists(tasks=["ours-lb2", "user-b"])})
rc.history += ["ours-lb", "ours-lb2"]
rc.outstanding |= {"ours-lb", "ours-lb2"}
out["user's work"] = states(helper.status_of(rc, set(), 1.0))
# No request of ours lately: the counts stand, and the controller is not asked for its lists.
helper.finished_requests.clear()
helper.identities.clear()
rc = StandInClient({0: counts(1), 1: counts(0)}, {})
out["nothing of ours"] = states(helper.status_of(rc, set(), 1.0))
out["lists asked"] = rc.listed
print(json.dumps(out))
`);
  assert.deepEqual(answer, {
    // (engine id, queue, tasks, answered): idle engines are probed and answer; busy ones are not probed.
    'finished probes still listed': [
      [0, 0, 0, true],
      [1, 0, 0, true],
    ],
    'late answer': [
      [0, 0, 0, true],
      [1, 0, 0, true],
    ],
    'counted, then recorded': [
      [0, 0, 0, true],
      [1, 0, 0, true],
    ],
    "user's work": [
      [0, 1, 0, false],
      [1, 0, 1, false],
    ],
    'nothing of ours': [
      [0, 1, 0, false],
      [1, 0, 0, true],
    ],
    'lists asked': 0,
  });
});

test('an engine is probed once for its identity: later statuses ask the controller only; a new id is probed, a gone one forgotten, a busy or dead one not answered', async () => {
  const answer = await python(`
out = {}
rc = StandInClient({0: counts(0), 1: counts(0)}, {0: lists(["user-a", "user-b"])})
out["first"] = [(e["id"], e["answered"], e["pid"]) for e in helper.status_of(rc, set(), 1.0)["engines"]]
sent = len(rc.probed)
rc.counts = {0: counts(2), 1: counts(0)}  # engine 0 busy with the user's work now
out["second"] = [(e["id"], e["queue"], e["answered"], e["pid"]) for e in helper.status_of(rc, set(), 1.0)["engines"]]
out["probes sent by the second"] = len(rc.probed) - sent
rc.ids = [1, 2]  # 0 left, 2 joined
rc.counts = {1: counts(0), 2: counts(0)}
sent = len(rc.probed)
out["third"] = [(e["id"], e["answered"], e["pid"]) for e in helper.status_of(rc, {1}, 1.0)["engines"]]
out["probed by the third"] = rc.probed[sent:]
out["identified"] = sorted(helper.identities)
print(json.dumps(out))
`);
  assert.deepEqual(answer, {
    first: [
      [0, true, 100],
      [1, true, 101],
    ],
    // A busy engine does not answer (it is not probed), though it was identified before.
    second: [
      [0, 2, false, null],
      [1, 0, true, 101],
    ],
    'probes sent by the second': 0,
    // Engine 1 is known to be gone (its process ended): not answered, whatever it said before.
    third: [
      [1, false, null],
      [2, true, 102],
    ],
    'probed by the third': [2],
    identified: [1, 2],
  });
});

test('waiting for the controller to record our probes: asks again until it has (also while it has not heard of one yet), and gives up after its time-out', async () => {
  const answer = await python(`
rc = StandInClient({}, {}, ["m0"])
helper.controller_caught_up(rc, ["m0", "m1"], 0.2)
asked_while_pending = rc.asked
rc.controller_pending.clear()
rc.unseen.add("m1")
rc.asked = 0
helper.controller_caught_up(rc, ["m0", "m1"], 0.2)
asked_while_unseen = rc.asked
rc.unseen.clear()
rc.asked = 0
helper.controller_caught_up(rc, ["m0", "m1"], 60.0)
print(json.dumps({"askedWhilePending": asked_while_pending, "askedWhileUnseen": asked_while_unseen, "askedOnceRecorded": rc.asked}))
`);
  const { askedWhilePending, askedWhileUnseen, askedOnceRecorded } = answer as {
    askedWhilePending: number;
    askedWhileUnseen: number;
    askedOnceRecorded: number;
  };
  assert.ok(askedWhilePending > 1, `asked the controller only ${askedWhilePending} time(s) while it still listed the probe`);
  assert.ok(askedWhileUnseen > 1, `asked the controller only ${askedWhileUnseen} time(s) while it had not heard of a probe yet`);
  assert.equal(askedOnceRecorded, 1);
});
