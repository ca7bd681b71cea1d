// A node:test reporter that writes only the pass/fail counts of leaf tests and the names of the failed
// ones, as JSON (read by run-all.mjs).
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  const failures = [];
  for await (const event of source) {
    const leaf = event.data?.details?.type !== 'suite';
    if (event.type === 'test:pass' && leaf) passed++;
    if (event.type === 'test:fail' && leaf) {
      failed++;
      failures.push(`${event.data.name}: ${String(event.data.details?.error?.cause?.message ?? event.data.details?.error?.message ?? '').split('\n').filter(Boolean).slice(0, 3).join(' ').slice(0, 300)}`);
    }
  }
  yield JSON.stringify({ passed, failed, failures });
}
