import type * as vscode from 'vscode';
import type { Ports } from './ports';
import type { TimelineRendered } from './views/timelinePanel';

/**
 * The ports of a run under tests (ExtensionMode.Test only): the normal ones, watched and answerable. What the
 * testing API reports is counted here, never in the classes that do the work.
 */
export class ObservedPorts {
  readonly ports: Ports;
  spawns = 0;
  /** Non-modal offers (the save offer, a replacement for a lost engine): shown or answered. */
  offers = 0;
  /** The text of each offer, newest last (the last 200). */
  readonly offerTexts: string[] = [];
  /** Notifications shown (information, warnings, errors). */
  notifications = 0;
  /** The text of each notification shown, newest last (the last 200). */
  readonly notificationTexts: string[] = [];
  /** What the Run Timeline webview last said it drew. */
  timelineRendered: TimelineRendered | undefined;
  /** What the Task Output channel was given (its newest 2 MiB). */
  taskOutputText = '';
  treeRootRequests = 0;
  /** Every message given to the log, at any level (createLog keeps them here). */
  readonly logLines: string[] = [];
  /** Restarts a save offer led to (tests wait on them). */
  restartsAfterSave = 0;
  /** What the status-bar item shows ('' when hidden). */
  statusBarText = '';
  lastInputBox: vscode.InputBoxOptions | undefined;
  /** Answers every later offer with this label instead of showing it (undefined: show them). */
  offerAnswer: string | undefined;
  /** Answers every later input box with this text (undefined: as if dismissed; null: show them). */
  inputBoxAnswer: string | undefined | null = null;

  constructor(base: Ports) {
    this.ports = {
      ...base,
      prompter: {
        ...base.prompter,
        offer: (message, actions) => {
          this.offers++;
          this.offerTexts.push(message);
          if (this.offerTexts.length > 200) this.offerTexts.shift();
          return this.offerAnswer === undefined ? base.prompter.offer(message, actions) : Promise.resolve(this.offerAnswer);
        },
        inputBox: (options) => {
          this.lastInputBox = options;
          return this.inputBoxAnswer === null ? base.prompter.inputBox(options) : Promise.resolve(this.inputBoxAnswer);
        },
      },
      notifier: {
        info: (message, actions) => (this.noted(message), base.notifier.info(message, actions)),
        warn: (message, actions) => (this.noted(message), base.notifier.warn(message, actions)),
        error: (message, actions) => (this.noted(message), base.notifier.error(message, actions)),
      },
      onSpawn: (what) => {
        this.spawns++;
        base.onSpawn(what);
      },
    };
  }

  private noted(message: string): void {
    this.notifications++;
    this.notificationTexts.push(message);
    if (this.notificationTexts.length > 200) this.notificationTexts.shift();
  }

  /** The channel, with what it is given recorded. */
  taskOutputChannel(channel: vscode.OutputChannel): vscode.OutputChannel {
    return withMembers(channel, {
      append: (text: string) => {
        this.taskOutputText = (this.taskOutputText + text).slice(-2 * 1024 * 1024);
        channel.append(text);
      },
    });
  }

  /** The item, with what it shows recorded on each show and hide. */
  statusBarItem(item: vscode.StatusBarItem): vscode.StatusBarItem {
    return withMembers(item, {
      show: () => ((this.statusBarText = item.text), item.show()),
      hide: () => ((this.statusBarText = ''), item.hide()),
    });
  }

  /** The provider, with the workbench's requests for the root counted (they show that the view rendered). */
  treeDataProvider<T>(provider: vscode.TreeDataProvider<T>): vscode.TreeDataProvider<T> {
    return withMembers(provider, {
      getChildren: (node?: T) => {
        if (node === undefined) this.treeRootRequests++;
        return provider.getChildren(node);
      },
    });
  }
}

/** `target` with some members replaced; every other one is read from and written to it (methods bound to it). */
function withMembers<T extends object>(target: T, members: Record<string, unknown>): T {
  return new Proxy(target, {
    get: (of, property) => {
      if (typeof property === 'string' && property in members) return members[property];
      const value: unknown = Reflect.get(of, property);
      return typeof value === 'function' ? value.bind(of) : value;
    },
    set: (of, property, value) => Reflect.set(of, property, value),
  });
}
