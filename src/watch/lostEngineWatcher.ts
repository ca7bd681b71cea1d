import * as vscode from 'vscode';
import type { ClusterService } from '../clusterService';
import { readSettings } from '../config';
import { Commands, CONFIG_SECTION, Settings } from '../constants';
import { CRASH_LOOP, describeLoss, EngineSlots, type LostEngine } from '../core/lostEngines';
import type { ReplaceDeadEngines } from '../core/settings';
import type { CommandResult, Ui } from '../ui';

/**
 * An engine that dies on its own (an OOM kill, a segfault, a node lost) while the cluster runs: the user is
 * told once which engine, how it ended and which task it ran, and per `ippEngines.replaceDeadEngines` a
 * replacement is offered, started at once, or not. A replacement is Scale Engines back to the count before
 * the loss, with its guarantees (the dead id leaves the controller's list, the new engine answers). A slot
 * that dies CRASH_LOOP.deaths times within the window is not replaced again, and the user is told so.
 */
export class LostEngineWatcher implements vscode.Disposable {
  /** Per folder and controller: which slot each engine fills. */
  private readonly slots = new Map<string, { controllerPid: number | undefined; slots: EngineSlots }>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly service: ClusterService,
    private readonly ui: Ui,
  ) {
    this.subscription = service.onDidLoseEngines(({ folder, lost }) => void this.handle(folder, lost));
  }

  private slotsOf(folder: vscode.WorkspaceFolder): EngineSlots {
    const controllerPid = this.service.snapshot(folder)?.controller?.pid;
    const key = folder.uri.toString();
    let known = this.slots.get(key);
    // A new controller is a new cluster: its slots start afresh.
    if (!known || known.controllerPid !== controllerPid) this.slots.set(key, (known = { controllerPid, slots: new EngineSlots() }));
    return known.slots;
  }

  /** Told by the service once the grace period after the loss has passed (ClusterService.judgeLater). */
  private async handle(folder: vscode.WorkspaceFolder, lost: LostEngine[]): Promise<void> {
    const now = await this.service.refresh(folder, { kind: 'decision' });
    if (!now.controller || now.activity !== 'idle') {
      this.ui.log.info(`Engine(s) ${lost.map((e) => e.id).join(', ')} left with their cluster or during an operation: not a loss to tell of`);
      return;
    }
    const slots = this.slotsOf(folder);
    const deaths = lost.map((e) => ({ engine: e, ...slots.died(e.id, Date.now()) }));
    const looping = deaths.filter((d) => d.crashLoop);
    const replaceable = deaths.filter((d) => !d.crashLoop);
    const told = describeLoss(lost);
    const minutes = CRASH_LOOP.windowMs / 60_000;
    const loopNote = looping.length
      ? ' ' +
        vscode.l10n.t(
          'Engine slot {0} died {1} times in {2} minutes: a crash loop, so it is not replaced. Its log may say why.',
          looping.map((d) => d.slot).join(', '),
          CRASH_LOOP.deaths,
          minutes,
        )
      : '';
    this.ui.log.warn(told + loopNote);
    const mode: ReplaceDeadEngines = readSettings(folder).replaceDeadEngines;
    if (!replaceable.length || mode === 'never') {
      void this.ui.warn(told + loopNote);
      return;
    }
    if (mode === 'always') {
      void this.ui.warn(told + loopNote + ' ' + vscode.l10n.t('A replacement is starting (ippEngines.replaceDeadEngines: always).'));
      await this.replace(folder, replaceable);
      return;
    }
    const replace = vscode.l10n.t('Start a Replacement');
    const always = vscode.l10n.t('Always');
    const never = vscode.l10n.t('Never');
    const choice = await this.ui.prompter.offer(told + loopNote, [replace, always, never]);
    if (choice === always || choice === never) {
      const setting = choice === always ? 'always' : 'never';
      await vscode.workspace.getConfiguration(CONFIG_SECTION, folder.uri).update(Settings.replaceDeadEngines, setting, vscode.ConfigurationTarget.Workspace);
      this.ui.log.info(
        `Engines that die on their own are ${setting === 'always' ? 'replaced at once' : 'not replaced'} in this workspace (ippEngines.replaceDeadEngines: ${setting}).`,
      );
    }
    if (choice === replace || choice === always) await this.replace(folder, replaceable);
  }

  /** Scale Engines back up by the engines lost; each new one takes over a lost one's slot. */
  private async replace(folder: vscode.WorkspaceFolder, deaths: { engine: LostEngine; slot: number }[]): Promise<void> {
    const snapshot = await this.service.refresh(folder, { kind: 'decision' });
    if (!snapshot.controller) return;
    const lostIds = new Set(deaths.map((d) => d.engine.id));
    const live = snapshot.engines.filter((e) => !e.dead && e.id !== null && !lostIds.has(e.id)).length;
    const result = await vscode.commands.executeCommand<CommandResult>(Commands.scaleEngines, {
      folder: folder.uri,
      engineCount: live + deaths.length,
      confirmed: true,
    });
    if (!result?.ok) {
      this.ui.log.warn(`No replacement engine: ${result?.message ?? 'Scale Engines gave no result'}`);
      return;
    }
    const added = Array.isArray(result.added) ? (result.added as { id: number }[]) : [];
    added.forEach((engine, i) => deaths[i] && this.slotsOf(folder).fill(deaths[i].slot, engine.id));
    this.ui.log.info(`Replaced engine(s) ${[...lostIds].join(', ')} by ${added.map((e) => e.id).join(', ') || 'none'}`);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
