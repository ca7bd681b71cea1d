import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { slurmSeconds } from '../core/scaleOut';
import type { ClusterSnapshot } from '../core/snapshot';
import type { Ui } from '../ui';

/** How long before a job's time limit the warning comes: time to save results or restart on a fresh job. */
const WARN_BEFORE_S = 5 * 60;

/**
 * A Slurm job's time limit ends its engines, and every task on them, without asking. Once per job, the
 * user hears that it is near, and that it happened (a time limit, not a crash). Read from the snapshots
 * the service publishes: no queue look-ups of its own.
 */
export class JobTimeLimitWatcher implements vscode.Disposable {
  private readonly told = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(
    service: ClusterService,
    private readonly ui: Ui,
  ) {
    this.subscription = service.onDidChangeSnapshot((snapshot) => this.check(snapshot));
  }

  private check(snapshot: ClusterSnapshot): void {
    for (const set of snapshot.engineSets) {
      if (set.kind !== 'slurm' || !set.jobId) continue;
      const left = set.state === 'RUNNING' && set.timeLeft ? slurmSeconds(set.timeLeft) : undefined;
      if (left !== undefined && left <= WARN_BEFORE_S) {
        this.tell(
          `${set.jobId} soon`,
          vscode.l10n.t(
            'Slurm job {0} reaches its time limit in {1}: its engines, and the tasks they run, end then. Restart Engines submits a new job (ippEngines.slurm.timeLimit sets the limit).',
            set.jobId,
            set.timeLeft!,
          ),
        );
      }
      if (set.state === 'TIMEOUT') {
        this.tell(
          `${set.jobId} ended`,
          vscode.l10n.t(
            'Slurm ended job {0} at its time limit: its engines are gone, and the tasks they ran were lost. Restart Engines submits a new job.',
            set.jobId,
          ),
        );
      }
    }
  }

  private tell(key: string, message: string): void {
    if (this.told.has(key)) return;
    this.told.add(key);
    this.ui.log.warn(message);
    void this.ui.warn(message);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
