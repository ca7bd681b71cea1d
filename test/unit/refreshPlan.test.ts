import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { planRefresh, type RefreshReason } from '../../src/core/refreshPlan';

const quiet = { askedAt: 0, showsSomething: false };
const shown = { askedAt: 0, showsSomething: true };

test('a hidden view costs nothing: the timer asks no controller, and scans only where the status bar shows something', () => {
  const hidden: RefreshReason = { kind: 'interval', viewShown: false };
  assert.equal(planRefresh(hidden, quiet), undefined);
  assert.deepEqual(planRefresh(hidden, shown), { full: false, background: true });
  assert.deepEqual(planRefresh({ kind: 'profile-files', viewShown: false }, quiet), { full: false, background: true });
});

test('a visible view in a focused window asks the controller, in the background', () => {
  for (const reason of [{ kind: 'interval', viewShown: true }, { kind: 'profile-files', viewShown: true }, { kind: 'view-shown' }] as RefreshReason[]) {
    assert.deepEqual(planRefresh(reason, quiet), { full: true, background: true }, reason.kind);
  }
});

test('a person, a decision, a pushed engine event and a finished operation ask the controller now', () => {
  for (const kind of ['user', 'decision', 'pushed-event', 'operation-finished'] as const) {
    assert.deepEqual(planRefresh({ kind }, quiet), { full: true, background: false }, kind);
  }
});

test('a command asks the controller once: its last refresh is cheap when its operation already asked', () => {
  assert.deepEqual(planRefresh({ kind: 'command-finished', startedAt: 100 }, { askedAt: 150, showsSomething: true }), { full: false, background: false });
  assert.deepEqual(planRefresh({ kind: 'command-finished', startedAt: 100 }, { askedAt: 50, showsSomething: true }), { full: true, background: false });
});

test('what only changes the picture (an operation starting, activation, a queued restart) scans and asks nothing', () => {
  for (const kind of ['operation-started', 'state-changed', 'activated'] as const) {
    assert.deepEqual(planRefresh({ kind }, shown), { full: false, background: false }, kind);
  }
});

test('a hidden view asks a resident client that is connected already (no process starts), so the status bar follows a run', () => {
  const hidden: RefreshReason = { kind: 'interval', viewShown: false };
  assert.deepEqual(planRefresh(hidden, { ...shown, clientConnected: true }), { full: true, background: true });
  assert.deepEqual(planRefresh(hidden, { ...shown, clientConnected: false }), { full: false, background: true });
});
