import * as vscode from 'vscode';
import { clientCode } from '../core/clientCode';
import { folderCommand, type CommandDeps } from './common';

/** IPP: Copy Client Code: `ipp.Client(profile_dir=…)` for this folder's cluster, on the clipboard. */
export function copyClientCodeCommand(deps: CommandDeps) {
  return folderCommand(deps, async ({ target }) => {
    const code = clientCode(target.profileDir, target.clusterId);
    await vscode.env.clipboard.writeText(code);
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('IPP: client code copied')}`, 3000);
    return { ok: true, message: vscode.l10n.t('Client code copied to the clipboard.'), code };
  });
}

/**
 * IPP: Insert Client Code: into the active editor or notebook cell at the cursor; with a notebook open but
 * no cell editing, as a new code cell after the selection; else in a new Python file.
 */
export function insertClientCodeCommand(deps: CommandDeps) {
  return folderCommand(deps, async ({ target }) => {
    const code = clientCode(target.profileDir, target.clusterId);
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const inserted = await editor.edit((edit) => edit.insert(editor.selection.active, code));
      if (!inserted) return { ok: false, message: vscode.l10n.t('The editor did not accept the code (read-only?).'), errorKind: 'refused', code };
      const where = editor.document.uri.scheme === 'vscode-notebook-cell' ? 'notebook-cell' : 'editor';
      return {
        ok: true,
        message: vscode.l10n.t('Client code inserted into {0}.', editor.document.uri.toString()),
        code,
        insertedInto: where,
        uri: editor.document.uri.toString(),
      };
    }
    const notebook = vscode.window.activeNotebookEditor;
    if (notebook) {
      const index = notebook.selection.end;
      const edit = new vscode.WorkspaceEdit();
      edit.set(notebook.notebook.uri, [vscode.NotebookEdit.insertCells(index, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, code, 'python')])]);
      await vscode.workspace.applyEdit(edit);
      return {
        ok: true,
        message: vscode.l10n.t('Client code inserted as a new notebook cell.'),
        code,
        insertedInto: 'notebook-new-cell',
        uri: notebook.notebook.uri.toString(),
        cellIndex: index,
      };
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: code });
    await vscode.window.showTextDocument(doc);
    return { ok: true, message: vscode.l10n.t('Client code opened in a new Python file.'), code, insertedInto: 'new-document', uri: doc.uri.toString() };
  });
}
