import { isSameProcess } from './kill';

/** A cluster of this machine that a workspace folder watches as its own (Watch This Cluster for This Folder). */
export interface Adoption {
  profileDir: string;
  clusterId: string;
  /** Its controller when adopted: the adoption lasts while this very process runs (pids are reused). */
  controllerPid: number;
  controllerStartedAt: number | null;
}

/** Where adoptions are kept across window reloads (the workspace's storage). */
export interface AdoptionStore {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void>;
}

const STORE_KEY = 'ippEngines.adoptions';

/**
 * The one owner of which folder watches which cluster. An adoption ends with its controller: once that
 * process is gone (the notebook stopped its cluster, or it was stopped here), the folder is back to its own
 * profile, and the record is dropped.
 */
export class Adoptions {
  constructor(
    private readonly store: AdoptionStore,
    private readonly controllerRuns: (a: Adoption) => boolean = (a) =>
      isSameProcess({ pid: a.controllerPid, cmd: '', startedAt: a.controllerStartedAt ?? undefined }),
  ) {}

  /** The cluster the folder watches, if its controller still runs. */
  of(folder: string): Adoption | undefined {
    const adoption = this.all()[folder];
    if (!adoption) return undefined;
    if (this.controllerRuns(adoption)) return adoption;
    void this.write(folder, undefined);
    return undefined;
  }

  /** The folder watching this cluster, if one does. */
  folderOf(profileDir: string, clusterId: string): string | undefined {
    return Object.keys(this.all()).find((folder) => {
      const a = this.of(folder);
      return a?.profileDir === profileDir && a.clusterId === clusterId;
    });
  }

  adopt(folder: string, adoption: Adoption): Thenable<void> {
    return this.write(folder, adoption);
  }

  release(folder: string): Thenable<void> {
    return this.write(folder, undefined);
  }

  private all(): Record<string, Adoption> {
    const value = this.store.get(STORE_KEY);
    if (!value || typeof value !== 'object') return {};
    const valid = Object.entries(value as Record<string, unknown>).filter(([, a]) => isAdoption(a));
    return Object.fromEntries(valid) as Record<string, Adoption>;
  }

  private write(folder: string, adoption: Adoption | undefined): Thenable<void> {
    const next = { ...this.all() };
    if (adoption) next[folder] = adoption;
    else delete next[folder];
    return this.store.update(STORE_KEY, next);
  }
}

/** What the workspace's storage holds is checked, not trusted: another version may have written it. */
function isAdoption(value: unknown): value is Adoption {
  const a = value as Partial<Adoption> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.profileDir === 'string' &&
    typeof a.clusterId === 'string' &&
    Number.isInteger(a.controllerPid) &&
    (a.controllerPid ?? 0) > 0 &&
    (a.controllerStartedAt === null || typeof a.controllerStartedAt === 'number')
  );
}
