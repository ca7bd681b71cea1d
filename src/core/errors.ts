/** An error whose message is written for the user; `kind` lets the UI offer the right action. */
export type UserErrorKind =
  | 'python-missing'
  | 'ipyparallel-missing'
  | 'bad-setting'
  | 'no-folder'
  | 'not-running'
  | 'no-profile'
  | 'not-a-profile'
  | 'refused'
  | 'corrupt-file'
  | 'timeout'
  | 'cancelled'
  | 'startup-failed'
  | 'start-failed'
  | 'untrusted'
  | 'command-failed';

export class UserError extends Error {
  constructor(
    readonly kind: UserErrorKind,
    message: string,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
