import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CRASH_LOOP, describeLoss, EngineSlots, OomKills, oomKillCount } from '../../src/core/lostEngines';

test('a slot whose engines die 3 times within 5 minutes is a crash loop; the replacement carries the slot, old deaths expire', () => {
  const slots = new EngineSlots();
  const t0 = 1_000_000;
  assert.deepEqual(slots.died(2, t0), { slot: 2, crashLoop: false, deaths: 1 });
  slots.fill(2, 5); // engine 5 replaced engine 2
  assert.deepEqual(slots.died(5, t0 + 60_000), { slot: 2, crashLoop: false, deaths: 2 });
  slots.fill(2, 6);
  // Another slot's deaths do not count towards slot 2's.
  assert.deepEqual(slots.died(0, t0 + 61_000), { slot: 0, crashLoop: false, deaths: 1 });
  assert.deepEqual(slots.died(6, t0 + 120_000), { slot: 2, crashLoop: true, deaths: CRASH_LOOP.deaths });

  const later = new EngineSlots();
  later.died(1, t0);
  later.fill(1, 3);
  later.died(3, t0 + 1000);
  later.fill(1, 4);
  // The first death is over 5 minutes old by the third: two in the window, no loop.
  assert.deepEqual(later.died(4, t0 + CRASH_LOOP.windowMs + 1), { slot: 1, crashLoop: false, deaths: 2 });
});

test("the kernel's OOM kill count is read from cgroup v2 memory.events or v1 memory.oom_control, falling back to the mount's root", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oom-'));
  try {
    const self = path.join(dir, 'cgroup');
    const root = path.join(dir, 'sys');
    fs.mkdirSync(path.join(root, 'user.slice/session-1.scope'), { recursive: true });
    fs.writeFileSync(self, '0::/user.slice/session-1.scope\n');
    fs.writeFileSync(path.join(root, 'user.slice/session-1.scope/memory.events'), 'low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\noom_group_kill 0\n');
    assert.equal(oomKillCount(self, root), 2);

    // v1 inside a container: the named path is not under the mount, its root is.
    fs.writeFileSync(self, '12:pids:/\n4:memory:/process_api/abc\n0::/\n');
    fs.mkdirSync(path.join(root, 'memory'));
    fs.writeFileSync(path.join(root, 'memory/memory.oom_control'), 'oom_kill_disable 0\nunder_oom 0\noom_kill 7\n');
    assert.equal(oomKillCount(self, root), 7);

    assert.equal(oomKillCount(path.join(dir, 'missing'), root), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an OOM kill counts for a death only when it happened within the last minute', () => {
  let count = 3;
  const oom = new OomKills(() => count, 60_000);
  oom.sample(0);
  oom.sample(30_000);
  assert.equal(oom.killedLately(40_000), false);
  count = 4; // a kill between the samples and the death
  assert.equal(oom.killedLately(50_000), true);
  // Long after, with samples in between, the old kill is no one's cause.
  oom.sample(100_000);
  oom.sample(130_000);
  assert.equal(oom.killedLately(140_000), false);
  // Unreadable counts never claim an OOM kill.
  assert.equal(new OomKills(() => undefined).killedLately(0), false);
});

test('a loss is told engine by engine: where it ran, how it ended, the task it took and its label', () => {
  const text = describeLoss([
    { id: 1, pid: 4242, host: null, task: 'a1b2', label: 'survey', oomKilled: true },
    { id: 3, pid: 77, host: 'node2', task: null, label: null, oomKilled: false },
    { id: 4, pid: 78, host: null, task: 'c3', label: null, oomKilled: false },
  ]);
  assert.equal(
    text,
    "Engine 1 (pid 4242) died: the kernel's out-of-memory killer ended it. It was running task a1b2 (label survey), which is lost with it. " +
      'Engine 3 (pid 77 on node2) died: the controller lost it (its heartbeat stopped, or its nanny reported it gone). It was running no task. ' +
      'Engine 4 (pid 78) died: its process ended, not by IPP Engines. It was running task c3, which is lost with it.',
  );
});
