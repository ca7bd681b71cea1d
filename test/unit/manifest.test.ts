import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { clientCode } from '../../src/core/clientCode';
import { Commands, ContextKeys } from '../../src/constants';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
/** A manifest string as English speakers see it: `%key%` placeholders come from package.nls.json. */
const english = (value: string) => value.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? assert.fail(`${key} is not in package.nls.json`));
const contributed = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));

test('every command is contributed, and no activation event repeats what VS Code derives from contributions', () => {
  assert.deepEqual([...contributed].sort(), Object.values(Commands).sort());
  assert.deepEqual(
    manifest.activationEvents.filter((e: string) => /^on(Command|View):/.test(e)),
    [],
  );
});

test('the palette hides what cannot apply: stop, restart, scale and cancel only with a cluster running or a restart pending', () => {
  const when = Object.fromEntries(manifest.contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
  for (const command of [Commands.stop, Commands.restartEngines, Commands.scaleEngines]) assert.equal(when[command], ContextKeys.running, command);
  assert.equal(when[Commands.cancelPendingRestart], ContextKeys.restartPending);
  assert.equal(when[Commands.start], ContextKeys.canStart);
});

test('the walkthrough has four steps, each linking a real command and completing on a key the extension sets', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.equal(walkthrough.steps.length, 4);
  const keys = new Set<string>(Object.values(ContextKeys));
  for (const step of walkthrough.steps) {
    const linked = [...english(step.description).matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
    assert.ok(linked.length && linked.every((c) => contributed.has(c) || c === 'ippEngines.clusterView.focus'), `${step.id} links ${linked}`);
    assert.ok(
      step.completionEvents.every((e: string) => e.startsWith('onContext:') && keys.has(e.slice('onContext:'.length))),
      `${step.id}: ${step.completionEvents}`,
    );
    assert.ok(fs.existsSync(path.join(root, step.media.markdown)), step.media.markdown);
  }
});

test('client code is valid Python naming the profile and cluster exactly, whatever the path holds', () => {
  const profile = '/tmp/sand box ü/it\'s "here"\\ipyparallel';
  const code = clientCode(profile, 'lab 1');
  const out = execFileSync(
    '/usr/bin/python3',
    ['-c', code.replace('import ipyparallel as ipp', 'class ipp:\n    @staticmethod\n    def Client(**kw):\n        print(repr(kw)); raise SystemExit')],
    { encoding: 'utf8' },
  );
  assert.equal(out.trim(), `{'profile_dir': ${pyRepr(profile)}, 'cluster_id': 'lab 1'}`);
  assert.ok(!clientCode('/p').includes('cluster_id'), 'the default cluster needs no id');
});

/** Python's repr of a str, for the characters used above. */
function pyRepr(text: string): string {
  return execFileSync('/usr/bin/python3', ['-c', 'import sys; print(repr(sys.argv[1]))', text], { encoding: 'utf8' }).trim();
}
