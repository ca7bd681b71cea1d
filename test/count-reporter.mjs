// A node:test reporter that writes only the pass/fail counts of leaf tests, as JSON (read by run-all.mjs).
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    const leaf = event.data?.details?.type !== 'suite';
    if (event.type === 'test:pass' && leaf) passed++;
    if (event.type === 'test:fail' && leaf) failed++;
  }
  yield JSON.stringify({ passed, failed });
}
