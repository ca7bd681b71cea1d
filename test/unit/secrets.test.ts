import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { KeyRing } from '../../src/core/keyRing';
import { failureCause } from '../../src/core/logTail';

const KEY = 'c0ffee00-1234abcd5678ef90deadbeef';

/** A profile whose controller wrote its connection file, and whose engine log quotes the key raw. */
function profileWithKey(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-keys-'));
  fs.mkdirSync(path.join(dir, 'security'));
  fs.mkdirSync(path.join(dir, 'log'));
  fs.writeFileSync(path.join(dir, 'security', 'ipcontroller-client.json'), JSON.stringify({ key: KEY }));
  fs.writeFileSync(path.join(dir, 'log', 'ipengine-1-1.log'), `ERROR | Session(key=${KEY}) refused\n`);
  return dir;
}

test("a failed start's cause, computed after the stop deleted the connection files, still never shows the key", () => {
  const profile = profileWithKey();
  const ring = new KeyRing();
  ring.learn(profile); // as the start does before its clean-up
  fs.rmSync(path.join(profile, 'security'), { recursive: true }); // as ipcluster's stop does
  const cause = failureCause(profile, `engine said ${KEY}\n`, ring);
  assert.ok(!cause.includes(KEY), cause);
  assert.match(cause, /Session\(key=<redacted>\) refused/);
});

test('the ring redacts every key it learned, from any text', () => {
  const ring = new KeyRing();
  const profiles = Array.from({ length: 3 }, () => profileWithKey());
  profiles.forEach((p, i) => fs.writeFileSync(path.join(p, 'security', 'ipcontroller-client.json'), JSON.stringify({ key: `${KEY}-${i}` })));
  for (const p of profiles) ring.learn(p);
  assert.equal(ring.redact(`a ${KEY}-0 b ${KEY}-2 c`), 'a <redacted> b <redacted> c');
});
