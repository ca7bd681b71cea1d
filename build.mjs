// Bundles the extension (and the test entry points) into CommonJS with esbuild.
// execa and ps-list are ESM-only, so they are bundled; `vscode` stays external.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const withTests = process.argv.includes('--tests');
const withBench = process.argv.includes('--bench');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // ps-list reads import.meta.url at load; esbuild's CJS output would make it undefined without a word.
  define: { 'import.meta.url': 'import_meta_url' },
  inject: ['scripts/import-meta-url.js'],
};

await esbuild.build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
fs.copyFileSync('src/python/ipp_helper.py', 'dist/ipp_helper.py');
fs.copyFileSync('src/python/ipp_standby.py', 'dist/ipp_standby.py');
fs.copyFileSync('src/python/ipp_run.py', 'dist/ipp_run.py');

if (withTests) {
  const entries = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
  fs.rmSync('out/test', { recursive: true, force: true });
  await esbuild.build({ ...common, entryPoints: entries('test/unit'), outdir: 'out/test/unit', external: ['vscode'] });
  await esbuild.build({ ...common, entryPoints: entries('test/integration'), outdir: 'out/test/integration', external: ['vscode', 'mocha'] });
  await esbuild.build({ ...common, entryPoints: ['test/cleanup.ts'], outfile: 'out/test/cleanup.js' });
  await esbuild.build({ ...common, entryPoints: ['test/fixtures.ts'], outfile: 'out/test/fixtures.js' });
}

if (withBench) {
  await esbuild.build({ ...common, entryPoints: ['bench/bench.ts', 'bench/activation.ts', 'bench/hostBurst.ts'], outdir: 'out/bench', external: ['vscode', '@vscode/test-electron'] });
}
