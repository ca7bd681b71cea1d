// The parsers of what a cloned profile or a helper process hands us, fed seeded random input: truncated and
// mutated documents, wrong types, huge numbers, deep nesting, NUL bytes. Nothing may throw past the parser but
// the documented UserError, what comes out has the promised types, and no call takes over 100 ms.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseClusterFile, validateClientFile } from '../../src/core/clusterFiles';
import { profileSetsControllerAddress } from '../../src/core/controllerAddress';
import { UserError } from '../../src/core/errors';
import { parseHelperLine } from '../../src/core/helper';
import { profileLauncher } from '../../src/core/scaleOut';

const CASES_PER_PARSER = 1500;
const SLOWEST_MS = 100;

/** mulberry32: the same cases on every run, so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Fuzzer {
  constructor(private readonly random: () => number) {}

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  string(): string {
    return this.pick([
      () => '',
      () => '\u0000'.repeat(1 + this.int(4)),
      () => `a\u0000b`,
      () => '../../../etc/passwd',
      () => '/p/log/ipengine-0.log',
      () => '-oProxyCommand=x',
      () => 'é\ud800'.repeat(this.int(3)),
      () => 'x'.repeat(this.int(5000)),
      () => String(this.int(1e6)),
    ])();
  }

  /** A value of any JSON type, nested at most `depth` deep. */
  value(depth = 3): unknown {
    const leaves = [
      () => null,
      () => this.random() < 0.5,
      () => this.pick([0, -1, 1.5, 4020, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MAX_VALUE, 5e-324]),
      () => this.string(),
    ];
    const nested = [
      () => Array.from({ length: this.int(4) }, () => this.value(depth - 1)),
      () =>
        Object.fromEntries(
          Array.from({ length: this.int(4) }, () => [this.pick(['pid', 'n', 'engines', 'sets', 'key', '0', this.string()]), this.value(depth - 1)]),
        ),
    ];
    return this.pick(depth > 0 ? [...leaves, ...nested] : leaves)();
  }

  /** `doc` with one value somewhere in it replaced by a random one. */
  mutate(doc: unknown): unknown {
    const copy = JSON.parse(JSON.stringify(doc)) as unknown;
    let node = copy;
    for (;;) {
      if (!node || typeof node !== 'object') return this.value();
      const keys = Object.keys(node);
      if (!keys.length) return copy;
      const key = this.pick(keys);
      const child = (node as Record<string, unknown>)[key];
      if (!child || typeof child !== 'object' || this.random() < 0.3) {
        (node as Record<string, unknown>)[key] = this.value();
        return copy;
      }
      node = child;
    }
  }

  /** Text made from a valid document: mutated, truncated, with bytes changed, deeply nested or huge numbers. */
  text(valid: unknown): string {
    const json = JSON.stringify(valid);
    return this.pick([
      () => JSON.stringify(this.mutate(valid)),
      () => JSON.stringify(this.mutate(this.mutate(this.mutate(valid)))),
      () => json.slice(0, this.int(json.length)),
      () => {
        const at = this.int(json.length);
        return json.slice(0, at) + this.pick(['\u0000', '"', '{', ']', '\\', '1e999', '-']) + json.slice(at + 1);
      },
      () => '['.repeat(1 + this.int(100_000)),
      () => `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
      () => `${'['.repeat(5000)}${']'.repeat(5000)}`,
      () => json.replace(/\d+/g, () => this.pick(['1e999', '-1e999', '9'.repeat(400), '0.0000001', '-0'])),
      () => JSON.stringify(this.value(6)),
      () => '\u0000'.repeat(this.int(100)),
    ])();
  }
}

/** Runs each case, timing the check (not the making), and fails on a case that threw or took too long. */
function fuzz(seed: number, makeCase: (f: Fuzzer) => string, check: (text: string) => void): void {
  const f = new Fuzzer(prng(seed));
  let slowest = { ms: 0, text: '' };
  for (let i = 0; i < CASES_PER_PARSER; i++) {
    const text = makeCase(f);
    // The best of three: the machine is shared, and a pause of the scheduler or collector is not the parser's.
    let ms = Infinity;
    for (let run = 0; run < 3 && ms >= SLOWEST_MS; run++) {
      const started = performance.now();
      try {
        check(text);
      } catch (error) {
        assert.fail(`case ${i} (seed ${seed}, text ${JSON.stringify(text.slice(0, 200))}): ${(error as Error).stack}`);
      }
      ms = Math.min(ms, performance.now() - started);
    }
    if (ms > slowest.ms) slowest = { ms, text };
  }
  assert.ok(
    slowest.ms < SLOWEST_MS,
    `the slowest case took ${slowest.ms.toFixed(1)} ms: ${JSON.stringify(slowest.text.slice(0, 120))}… (${slowest.text.length} characters)`,
  );
}

const isPid = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

const CLUSTER_FILE = {
  cluster: { n: 2, profile_dir: '/p', cluster_id: '' },
  controller: { class: 'local', state: { output_file: '/p/log/ipcontroller-4019.log', pid: 4020, state: 'running' } },
  engines: {
    class: 'ssh',
    sets: {
      '1795596307': {
        n: 2,
        job_id: '123_4',
        pid: 77,
        engines: { '0': { output_file: '/p/log/ipengine--1-0.log', pid: 4050, hostname: 'node1', user: 'me' }, '1': { pid: 4053 } },
      },
    },
  },
};

test(`fuzz: ${CASES_PER_PARSER} cluster files never throw, and what they yield is typed and points into the profile`, () => {
  fuzz(
    1,
    (f) => f.text(CLUSTER_FILE),
    (text) => {
      const parsed = parseClusterFile('/p/security/cluster-.json', text);
      if (!parsed) return;
      assert.ok(parsed.controllerPid === undefined || isPid(parsed.controllerPid));
      assert.ok(parsed.requestedEngines === undefined || typeof parsed.requestedEngines === 'number');
      for (const log of [parsed.controllerLog, ...parsed.engineLogs.map((e) => e.log)]) assert.ok(log === undefined || log.startsWith('/p/log/'), log);
      assert.ok(parsed.engineLogs.every((e) => isPid(e.pid)));
      for (const set of parsed.engineSets) {
        assert.ok(typeof set.id === 'string' && typeof set.kind === 'string');
        assert.ok(set.jobId === undefined || /^\d+(_\d+)?$/.test(set.jobId), set.jobId);
        assert.ok(set.pid === undefined || isPid(set.pid));
        assert.ok(set.hosts === undefined || set.hosts.every((h) => typeof h === 'string' && !h.startsWith('-')), String(set.hosts));
      }
    },
  );
});

const CONNECTION_FILE = {
  key: 'a5b1c2d3-e4f5',
  registration: 50001,
  interface: 'tcp://127.0.0.1',
  control: 50002,
  mux: 50003,
  task: 50004,
  task_scheme: 'leastload',
  iopub: 50005,
  notification: 50006,
  broadcast: 50007,
  location: 'host',
  ssh: '',
  pack: 'json',
  unpack: 'json',
  signature_scheme: 'hmac-sha256',
  curve_serverkey: null,
};

test(`fuzz: ${CASES_PER_PARSER} connection files pass or fail with the documented UserError only, never quoting the key`, () => {
  fuzz(
    2,
    (f) => f.text(CONNECTION_FILE),
    (text) => {
      try {
        validateClientFile(text, '/p/security/ipcontroller-client.json');
      } catch (error) {
        assert.ok(error instanceof UserError && error.kind === 'corrupt-file', String(error));
        assert.ok(!error.message.includes(CONNECTION_FILE.key), error.message);
        return;
      }
      // Passed: what the Client indexes has the type it needs.
      const data = JSON.parse(text) as Record<string, unknown>;
      assert.equal(typeof data.key, 'string');
      assert.match(String(data.interface), /:\/\//);
      assert.ok(['number', 'string'].includes(typeof data.registration));
    },
  );
});

const CONFIG_LINES = [
  "c.Cluster.engine_launcher_class = 'slurm'",
  'c.Cluster.engine_launcher_class = "ipyparallel.cluster.launcher.SlurmEngineSetLauncher"',
  "c.IPClusterEngines.engine_launcher_class = 'MPIEngineSetLauncher'",
  "c.Cluster.controller_ip = '0.0.0.0'",
  "c.IPController.location = 'head'",
  'c.HeartMonitor.period = 3000',
  '# c.Cluster.engine_launcher_class = "ssh"',
];

test(`fuzz: ${CASES_PER_PARSER} ipcluster_config.py and ipcontroller_config.py texts: the launcher found is a plain name, never an exception`, () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-fuzz-'));
  const files = ['ipcluster_config.py', 'ipcontroller_config.py'].map((name) => path.join(profile, name));
  fuzz(
    3,
    (f) => {
      const text = configText(f);
      for (const file of files) fs.writeFileSync(file, text); // not timed: the call is
      return text;
    },
    () => {
      const launcher = profileLauncher(profile);
      assert.ok(launcher === undefined || /^\w*$/.test(launcher), launcher);
      assert.equal(typeof profileSetsControllerAddress(profile), 'boolean');
    },
  );
});

/** A config file of known lines, cut, padded, with odd values, NULs and odd line ends. */
function configText(f: Fuzzer): string {
  const lines = Array.from({ length: f.int(8) }, () => {
    const line = f.pick(CONFIG_LINES);
    return f.pick([
      () => line,
      () => line.slice(0, f.int(line.length)),
      () => `${' \t'.repeat(f.int(20_000))}${line}`,
      () => line.replace(/'[^']*'/, `'${f.string()}'`),
      () => `${line}${'\u0000'.repeat(f.int(5))}`,
      () => `c.Cluster.engine_launcher_class = '${'a.'.repeat(f.int(50_000))}'`,
      () => f.string(),
    ])();
  });
  return lines.join(f.pick(['\n', '\r\n', '\r', '\u0000']));
}

const HELPER_LINES: unknown[] = [
  {
    status: {
      engines: [
        { id: 0, queue: 0, completed: 3, tasks: 0, answered: true, pid: 4050, host: 'node1', started: 1700000000.5 },
        { id: 1, queue: 1, completed: 0, tasks: 1, answered: false, pid: null, host: null, started: null },
      ],
      unassigned: 0,
    },
    id: 3,
  },
  { registered: 2, listed: 4 },
  { unregistered: [0, 1] },
  {
    ready: [{ id: 0, pid: 4050, host: 'node1', started: 1700000000.5 }],
    startupErrors: { '0': { file: '/p/startup/00.py', line: 3, error: 'NameError: x', where: '/w/sim.py:9', traceback: 'Traceback…' } },
  },
  { syntax: [{ file: '/p/startup/00.py', line: null, error: 'SyntaxError: bad' }] },
  { results: { '0': "'ok'" }, id: 7 },
  { event: 'engines', ids: [0, 1, 2] },
  { error: 'could not connect' },
  { id: 9, progress: true, registered: 1 },
];

/** Independent of the parser's own table: each field a reader uses, with the type the reader needs. */
function assertHelperMessageTyped(m: Record<string, unknown>): void {
  const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const ints = (v: unknown) => Array.isArray(v) && v.every((x) => Number.isInteger(x));
  const records = (v: unknown) => Array.isArray(v) && v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
  const check = (ok: boolean, field: string) => assert.ok(ok, `${field}: ${JSON.stringify(m[field])?.slice(0, 200)}`);
  if ('status' in m) {
    const status = m.status as { engines: Record<string, unknown>[]; unassigned: unknown };
    check(records(status.engines) && isNum(status.unassigned), 'status');
    for (const e of status.engines)
      check(
        Number.isInteger(e.id) &&
          isNum(e.queue) &&
          isNum(e.tasks) &&
          typeof e.answered === 'boolean' &&
          (e.pid === null || Number.isInteger(e.pid)) &&
          ['string', 'undefined'].includes(typeof (e.host ?? undefined)),
        'status',
      );
  }
  for (const field of ['registered', 'listed']) if (field in m) check(isNum(m[field]), field);
  for (const field of ['unregistered', 'ids']) if (field in m) check(ints(m[field]), field);
  if ('id' in m) check(Number.isInteger(m.id), 'id');
  if ('error' in m) check(typeof m.error === 'string', 'error');
  if ('progress' in m) check(typeof m.progress === 'boolean', 'progress');
  if ('event' in m) check(m.event === 'engines', 'event');
  if ('ready' in m) check(records(m.ready) && (m.ready as Record<string, unknown>[]).every((r) => Number.isInteger(r.id) && Number.isInteger(r.pid)), 'ready');
  if ('syntax' in m)
    check(
      records(m.syntax) &&
        (m.syntax as Record<string, unknown>[]).every(
          (s) => typeof s.file === 'string' && typeof s.error === 'string' && (s.line === null || Number.isInteger(s.line)),
        ),
      'syntax',
    );
  if ('results' in m)
    check(m.results !== null && typeof m.results === 'object' && Object.values(m.results as object).every((r) => typeof r === 'string'), 'results');
  if ('startupErrors' in m)
    check(
      m.startupErrors !== null &&
        typeof m.startupErrors === 'object' &&
        Object.values(m.startupErrors as object).every((r) => r && typeof r.error === 'string' && typeof r.traceback === 'string'),
      'startupErrors',
    );
}

test(`fuzz: ${CASES_PER_PARSER} helper output lines never throw, and every field of a message has the type its reader needs`, () => {
  fuzz(
    4,
    (f) => {
      const line = f.text(f.pick(HELPER_LINES));
      return f.pick([line, `  ${line}\r`, `Warning: ${line}`, `${line}\u0000`]);
    },
    (line) => {
      const message = parseHelperLine(line);
      if (message) assertHelperMessageTyped(message as Record<string, unknown>);
    },
  );
});
