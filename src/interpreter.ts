import * as vscode from 'vscode';
import { PythonExtension } from '@vscode/python-extension';
import type { Logger } from './core/log';
import { DEFAULT_PYTHON_CANDIDATES, findPython, type PythonInfo } from './core/python';

/**
 * Which Python runs ipcluster for a folder: `ippEngines.pythonPath`, else the Python extension's active
 * interpreter (when that extension is installed), else python3 from PATH or the system one. Cached per
 * folder until settings or the active interpreter change.
 */
export class InterpreterResolver implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<PythonInfo>>();
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly log: Logger) {}

  async watchPythonExtension(): Promise<void> {
    if (!vscode.extensions.getExtension('ms-python.python')) return;
    try {
      const api = await PythonExtension.api();
      if (this.disposed) return;
      this.disposables.push(api.environments.onDidChangeActiveEnvironmentPath(() => this.clear()));
    } catch (error) {
      this.log.warn(`Python extension API unavailable: ${error}`);
    }
  }

  clear(): void {
    this.cache.clear();
  }

  resolve(folder: vscode.WorkspaceFolder, configured: string | undefined): Promise<PythonInfo> {
    const key = `${folder.uri.toString()}|${configured ?? ''}`;
    let pending = this.cache.get(key);
    if (!pending) {
      // Failures are cached too (a hidden view must not probe Python on every scan); settings changes,
      // a new active interpreter and the Refresh command clear the cache.
      pending = this.candidates(folder, configured).then((candidates) => findPython(candidates, this.log));
      this.cache.set(key, pending);
    }
    return pending;
  }

  private async candidates(folder: vscode.WorkspaceFolder, configured: string | undefined): Promise<string[]> {
    if (configured) return [configured];
    if (vscode.extensions.getExtension('ms-python.python')) {
      try {
        const api = await PythonExtension.api();
        const envPath = api.environments.getActiveEnvironmentPath(folder.uri);
        const env = await api.environments.resolveEnvironment(envPath);
        const executable = env?.executable.uri?.fsPath;
        if (executable) return [executable, ...DEFAULT_PYTHON_CANDIDATES];
      } catch (error) {
        this.log.warn(`Could not ask the Python extension for its interpreter: ${error}`);
      }
    }
    return DEFAULT_PYTHON_CANDIDATES;
  }

  dispose(): void {
    this.disposed = true;
    this.disposables.forEach((d) => d.dispose());
  }
}
