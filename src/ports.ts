import * as vscode from 'vscode';
import { systemClock, type Clock } from './core/clock';

/** What the extension asks a person. Tests answer in their place (testing.ts wraps this port). */
export interface Prompter {
  /** A non-modal offer with actions (the save offer): the label chosen, undefined when dismissed. */
  offer(message: string, actions: string[]): Thenable<string | undefined>;
  /** A modal question with one action: true when it was chosen. */
  ask(message: string, detail: string, action: string): Thenable<boolean>;
  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
}

/** Notifications: for what failed or needs a decision. Success shows in the tree and the status bar only. */
export interface Notifier {
  /** Something worth knowing that needs no decision (a long run finished). */
  info(message: string, actions: string[]): Thenable<string | undefined>;
  warn(message: string, actions: string[]): Thenable<string | undefined>;
  error(message: string, actions: string[]): Thenable<string | undefined>;
}

/** Everything the extension's parts get from outside that a test needs to see or steer. */
export interface Ports {
  prompter: Prompter;
  notifier: Notifier;
  clock: Clock;
  /** Each process the extension starts (Python, ipcluster, an interpreter probe), named. */
  onSpawn: (what: string) => void;
}

/** The ports of a normal run: VS Code's window, the system clock. */
export function vscodePorts(): Ports {
  return {
    prompter: {
      offer: (message, actions) => vscode.window.showInformationMessage(message, ...actions),
      ask: async (message, detail, action) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action,
      inputBox: (options) => vscode.window.showInputBox(options),
    },
    notifier: {
      info: (message, actions) => vscode.window.showInformationMessage(message, ...actions),
      warn: (message, actions) => vscode.window.showWarningMessage(message, ...actions),
      error: (message, actions) => vscode.window.showErrorMessage(message, ...actions),
    },
    clock: systemClock,
    onSpawn: () => undefined,
  };
}
