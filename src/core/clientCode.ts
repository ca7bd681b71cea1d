/**
 * The Python a notebook or script needs to reach this cluster. The profile lives in a folder of its own, so
 * a plain `ipp.Client()` (which looks in ~/.ipython) would not find it; the path is written out in full.
 */
export function clientCode(profileDir: string, clusterId = '', comment = 'The IPP Engines cluster of this folder (IPP: Copy Client Code).'): string {
  // A JSON string is a valid Python string literal (same escapes), whatever the path holds.
  const args = [`profile_dir=${JSON.stringify(profileDir)}`, ...(clusterId ? [`cluster_id=${JSON.stringify(clusterId)}`] : [])];
  return [
    'import ipyparallel as ipp',
    '',
    `# ${comment}`,
    `rc = ipp.Client(${args.join(', ')})`,
    'dview = rc[:]  # every engine',
    'lview = rc.load_balanced_view()  # each task to an idle engine',
    'print(f"{len(rc.ids)} engines: {rc.ids}")',
    '',
  ].join('\n');
}
