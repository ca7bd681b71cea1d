import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../src/core/errors';
import { silentLogger } from '../../src/core/log';
import { checkLauncherTools, launcherArgs as launcherArgsWith, launcherDefaults, profileLauncher } from '../../src/core/scaleOut';
import { validateSettings, type LauncherSettings, type SlurmSettings } from '../../src/core/settings';

const settings = (launcher: LauncherSettings['launcher'], slurm: Partial<SlurmSettings> = {}, mpiArgs: string[] = []): LauncherSettings => {
  const defaults = launcherDefaults(launcher);
  return { ...defaults, slurm: { ...defaults.slurm, ...slurm }, mpiArgs };
};
const launcherArgs = (s: LauncherSettings, dir: string) => launcherArgsWith(s, dir, '/usr/bin/python3');
const profile = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ipp-launcher-'));

test("the settings map to ipyparallel's own launcher traits; the batch script goes to the profile", () => {
  const dir = profile();
  assert.deepEqual(launcherArgs(settings('local'), dir), []);
  assert.deepEqual(launcherArgs(settings('slurm', { partition: 'gpu', account: 'astro', timeLimit: '02:00:00' }), dir), [
    '--engines=slurm',
    `--SlurmEngineSetLauncher.batch_file_name=${path.join(dir, 'slurm_engine.sbatch')}`,
    '--SlurmEngineSetLauncher.queue=gpu',
    '--SlurmEngineSetLauncher.account=astro',
    '--SlurmEngineSetLauncher.timelimit=02:00:00',
  ]);
  assert.deepEqual(launcherArgs(settings('mpi', undefined, ['--oversubscribe', '-x', 'OMP_NUM_THREADS']), dir), [
    '--engines=mpi',
    '--MPILauncher.mpi_args=--oversubscribe',
    '--MPILauncher.mpi_args=-x',
    '--MPILauncher.mpi_args=OMP_NUM_THREADS',
  ]);
});

test("a profile's own engine_launcher_class wins: no launcher arguments, and it is named", () => {
  const dir = profile();
  fs.writeFileSync(
    path.join(dir, 'ipcluster_config.py'),
    "c = get_config()\n# c.Cluster.engine_launcher_class = 'mpi'\nc.Cluster.engine_launcher_class = 'ipyparallel.cluster.launcher.SlurmEngineSetLauncher'\n",
  );
  assert.equal(profileLauncher(dir), 'slurm');
  assert.deepEqual(launcherArgs(settings('mpi'), dir), []);
  fs.writeFileSync(path.join(dir, 'ipcluster_config.py'), "# c.Cluster.engine_launcher_class = 'mpi'\n");
  assert.equal(profileLauncher(dir), undefined, 'a commented-out line counts');
});

test('bad Slurm values and a profile path with spaces are refused before anything runs', () => {
  const refused = (s: LauncherSettings, dir: string, pattern: RegExp) =>
    assert.throws(
      () => launcherArgs(s, dir),
      (e: unknown) => e instanceof UserError && pattern.test(e.message),
    );
  refused(settings('slurm', { partition: 'gpu; rm -rf ~', account: '', timeLimit: '' }), profile(), /ippEngines\.slurm\.partition/);
  refused(settings('slurm', { partition: '', account: '', timeLimit: '2 hours' }), profile(), /ippEngines\.slurm\.timeLimit/);
  refused(settings('slurm'), path.join(profile(), 'sand box'), /spaces/);
});

test('a launcher whose tools are missing gives a clear message: sbatch, mpiexec, mpi4py', async () => {
  const noPath = { PATH: '/nonexistent' };
  await assert.rejects(
    checkLauncherTools('slurm', '/usr/bin/python3', silentLogger, '', noPath),
    (e: unknown) => e instanceof UserError && /sbatch/.test(e.message) && /ippEngines\.engineLauncher/.test(e.message),
  );
  await assert.rejects(
    checkLauncherTools('mpi', '/usr/bin/python3', silentLogger, '', noPath),
    (e: unknown) => e instanceof UserError && /mpiexec/.test(e.message),
  );
  const bin = profile();
  fs.symlinkSync('/bin/true', path.join(bin, 'mpiexec'));
  // An interpreter without mpi4py (here one that fails every import).
  await assert.rejects(
    checkLauncherTools('mpi', '/bin/false', silentLogger, '', { PATH: bin }),
    (e: unknown) => e instanceof UserError && /mpi4py/.test(e.message) && /\/bin\/false/.test(e.message),
  );
  await checkLauncherTools('local', '/bin/false', silentLogger, '', noPath);
});

test('PBS, SGE, LSF and HTCondor are refused clearly, from the setting and from a profile, before anything runs', async () => {
  const refusal = validateSettings({ 'ippEngines.engineLauncher': 'pbs' }).settings.launcher.refusal ?? '';
  assert.ok(/ippEngines\.engineLauncher/.test(refusal) && /"pbs"/.test(refusal) && /Nothing was started/.test(refusal), refusal);
  for (const launcher of ['pbs', 'sge', 'lsf', 'htcondor']) {
    await assert.rejects(
      checkLauncherTools(launcher, '/usr/bin/python3', silentLogger),
      (e: unknown) =>
        e instanceof UserError &&
        e.message.includes(`the ${launcher} launcher`) &&
        /ipcluster_config\.py/.test(e.message) &&
        /Nothing was started/.test(e.message),
    );
  }
});
