import * as vscode from 'vscode';
import { PythonExtension } from '@vscode/python-extension';
import { withTimeout } from './core/deadline';
import { Timeouts } from './core/ipyparallel';
import type { Logger } from './core/log';
import { DEFAULT_PYTHON_CANDIDATES, findPython, type PythonInfo } from './core/python';

/** The Python extension's API, or undefined where that extension is not installed (a port: tests pass a fake). */
export type PythonExtensionPort = () => PromiseLike<PythonExtension> | undefined;

const installedPythonExtension: PythonExtensionPort = () => (vscode.extensions.getExtension('ms-python.python') ? PythonExtension.api() : undefined);

/**
 * Which Python runs ipcluster for a folder: the one chosen with Select Interpreter, else
 * `ippEngines.pythonPath`, else the Python extension's active interpreter (when that extension is
 * installed), else python3 from PATH or the system one. Cached per folder until settings, the choice or
 * the active interpreter change. A choice is a path on this machine, so it is kept in the workspace's
 * storage, never in settings files that get committed.
 */
export class InterpreterResolver implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<PythonInfo>>();
  /** Interpreters found so far, by the same key: shown in the view without probing anything. */
  private readonly found = new Map<string, PythonInfo>();
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    private readonly log: Logger,
    private readonly choices: vscode.Memento,
    /** Each interpreter probe (a Python process started). */
    private readonly onProbe: () => void,
    private readonly pythonExtension: PythonExtensionPort = installedPythonExtension,
    /** How long the Python extension gets to answer each question (its API, the active environment). */
    private readonly answerMs: number = Timeouts.pythonExtensionMs,
  ) {}

  /** The interpreter chosen for a folder with Select Interpreter, if any. */
  chosen(folder: vscode.WorkspaceFolder): string | undefined {
    return this.choices.get<string>(this.choiceKey(folder));
  }

  /** Remembers (or, with undefined, forgets) the folder's chosen interpreter. */
  async choose(folder: vscode.WorkspaceFolder, pythonPath: string | undefined): Promise<void> {
    await this.choices.update(this.choiceKey(folder), pythonPath);
    this.clear();
  }

  private choiceKey(folder: vscode.WorkspaceFolder): string {
    return `pythonPath:${folder.uri.toString()}`;
  }

  async watchPythonExtension(): Promise<void> {
    const pending = this.pythonExtension();
    if (!pending) return;
    try {
      const api = await pending;
      if (this.disposed) return;
      this.disposables.push(api.environments.onDidChangeActiveEnvironmentPath(() => this.clear()));
    } catch (error) {
      this.log.warn(`Python extension API unavailable: ${error}`);
    }
  }

  clear(): void {
    this.cache.clear();
    this.found.clear();
  }

  resolve(folder: vscode.WorkspaceFolder, configured: string | undefined): Promise<PythonInfo> {
    const key = this.key(folder, configured);
    let pending = this.cache.get(key);
    if (!pending) {
      // Failures are cached too (a hidden view must not probe Python on every scan); settings changes, a new
      // active interpreter, a late answer of the Python extension and the Refresh command clear the cache.
      // What is cached always settles: each probe has a time-out, and so has each question to the extension.
      pending = this.candidates(folder, configured)
        .then((candidates) => findPython(candidates, this.log, this.onProbe))
        .then((info) => {
          if (this.cache.get(key) === pending) this.found.set(key, info);
          return info;
        });
      this.cache.set(key, pending);
    }
    return pending;
  }

  /** The interpreter already found for a folder, without looking for one. */
  peek(folder: vscode.WorkspaceFolder, configured: string | undefined): PythonInfo | undefined {
    return this.found.get(this.key(folder, configured));
  }

  private key(folder: vscode.WorkspaceFolder, configured: string | undefined): string {
    return `${folder.uri.toString()}|${this.chosen(folder) ?? configured ?? ''}`;
  }

  private async candidates(folder: vscode.WorkspaceFolder, configured: string | undefined): Promise<string[]> {
    const explicit = this.chosen(folder) ?? configured;
    if (explicit) return [explicit];
    const pending = this.pythonExtension();
    if (!pending) return DEFAULT_PYTHON_CANDIDATES;
    // Every start, status and stop waits on these answers: an extension that never gives one (still
    // activating, hung) costs a few seconds, then python3; its answer, when it comes, is used from then on.
    const bounded = async <T>(promise: PromiseLike<T>, question: string): Promise<{ value: T } | undefined> => {
      const answered = await withTimeout(
        Promise.resolve(promise).then((value) => ({ value })),
        this.answerMs,
      );
      if (!answered) {
        this.log.warn(`The Python extension did not say ${question} within ${this.answerMs / 1000} s; trying ${DEFAULT_PYTHON_CANDIDATES.join(', ')}`);
        void Promise.resolve(promise).then(
          () => this.clear(),
          () => undefined,
        );
      }
      return answered;
    };
    try {
      const api = await bounded(pending, 'which interpreter is active');
      const environments = api?.value.environments;
      const env =
        environments && (await bounded(environments.resolveEnvironment(environments.getActiveEnvironmentPath(folder.uri)), 'where its interpreter is'));
      const executable = env?.value?.executable.uri?.fsPath;
      if (executable) return [executable, ...DEFAULT_PYTHON_CANDIDATES];
    } catch (error) {
      this.log.warn(`Could not ask the Python extension for its interpreter: ${error}`);
    }
    return DEFAULT_PYTHON_CANDIDATES;
  }

  dispose(): void {
    this.disposed = true;
    this.disposables.forEach((d) => d.dispose());
  }
}
