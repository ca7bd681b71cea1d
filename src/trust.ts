import * as vscode from 'vscode';
import { UserError } from './core/errors';

/**
 * Restricted Mode runs nothing: a cloned repository's settings choose the interpreter, the profile and the
 * startup files, so no Python, ipcluster or signal happens until the user trusts the workspace.
 */
export function requireTrust(): void {
  if (!vscode.workspace.isTrusted) {
    throw new UserError(
      'untrusted',
      vscode.l10n.t(
        'This workspace is in Restricted Mode: IPP Engines runs no Python, ipcluster or signal until you trust it (Manage Workspace Trust). Nothing was changed.',
      ),
    );
  }
}
