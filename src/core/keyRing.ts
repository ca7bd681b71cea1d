import { profileKeys, redactSecrets } from './logArchive';

/** Keys kept at most: one per start of a profile's cluster, far more than a window's session sees. */
const MAX_KEYS = 1000;

/**
 * Every cluster key seen in this session, so that the log never shows one: a stop deletes the connection
 * files, and what is logged after it (a failed start's cause, a helper's stderr) may still quote the key.
 */
export class KeyRing {
  private readonly keys = new Set<string>();

  /** Remembers the keys in the profile's connection files now (before a stop, after a launch). */
  learn(profileDir: string): void {
    for (const key of profileKeys(profileDir)) {
      this.keys.delete(key);
      this.keys.add(key);
    }
    for (const old of this.keys) {
      if (this.keys.size <= MAX_KEYS) break;
      this.keys.delete(old);
    }
  }

  redact(text: string): string {
    return redactSecrets(text, [...this.keys]);
  }
}
