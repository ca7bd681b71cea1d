/** "42s", "3m", "2h 5m", "3d": how long ago `since` was. */
export function formatAge(since: number | null | undefined, now = Date.now()): string {
  if (since === null || since === undefined) return '?';
  const s = Math.max(0, Math.round((now - since) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d`;
}
