import * as os from 'node:os';

/**
 * Which engines run on this machine. On a cluster the engines run on other hosts: their pids are another
 * host's and this process table does not list them, so only an engine on this host can be judged from it.
 */

/** This machine's name, as Python's socket.gethostname() on it reports it (the same system call). */
export const thisHost = (): string => os.hostname();

/**
 * Whether an engine that reported `host` runs here. An engine that has not answered yet has no host: it is
 * taken to be local, which only matters once its pid is known, and a pid is learnt with the host.
 */
export function onThisHost(host: string | null | undefined, here: string = thisHost()): boolean {
  return !host || host === here;
}
