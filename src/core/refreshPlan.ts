/**
 * Why a snapshot is wanted. Callers say why; planRefresh alone decides whether the controller is asked (a
 * full refresh, which may start the helper) or only the process table is scanned (cheap), or nothing is done.
 */
export type RefreshReason =
  /** A person or the API asked: the Refresh command, getSnapshot. */
  | { kind: 'user' }
  /** A flow decides on the state now (offer fresh engines, a queued restart looks again). */
  | { kind: 'decision' }
  /** An operation began: its activity is shown at once. */
  | { kind: 'operation-started' }
  /** An operation ended: one full refresh, which its caller waits for. */
  | { kind: 'operation-finished' }
  /** A command ended: full, unless the controller was asked after `startedAt` (its operation did it). */
  | { kind: 'command-finished'; startedAt: number }
  /** The controller said an engine joined or left. */
  | { kind: 'pushed-event' }
  /** The view's timer, or a change in the profile's security/ and pid/ folders; `viewShown`: visible in a focused window. */
  | { kind: 'interval' | 'profile-files'; viewShown: boolean }
  /** The view became visible, or the window focused with it visible. */
  | { kind: 'view-shown' }
  /** Something the snapshot shows changed outside the cluster (a queued restart, a status just asked). */
  | { kind: 'state-changed' }
  /** The extension started: the first picture, from the process table alone. */
  | { kind: 'activated' };

export interface RefreshPlan {
  /** Ask the controller too. */
  full: boolean;
  /** Not a person waiting: a controller that left a question unanswered is not asked again so soon. */
  background: boolean;
}

/** What the plan looks at besides the reason. */
export interface RefreshFacts {
  /** When the controller was last asked (ms). */
  askedAt: number;
  /** The folder's snapshot shows something (a profile or a controller), or there is none yet: the status bar needs it kept current. */
  showsSomething: boolean;
  /** The cluster's resident client holds a connected Client: asking it starts no process. */
  clientConnected?: boolean;
}

/** The one decision on how much to refresh; undefined: nothing to do. */
export function planRefresh(reason: RefreshReason, facts: RefreshFacts): RefreshPlan | undefined {
  switch (reason.kind) {
    case 'user':
    case 'decision':
    case 'operation-finished':
    case 'pushed-event':
      return { full: true, background: false };
    case 'command-finished':
      return { full: facts.askedAt < reason.startedAt, background: false };
    case 'operation-started':
    case 'state-changed':
    case 'activated':
      return { full: false, background: false };
    case 'view-shown':
      return { full: true, background: true };
    case 'interval':
      // A hidden view starts nothing: no helper, and a scan only where the status bar shows something. A
      // client already connected is asked all the same (a message, no process): the status bar follows a
      // run, and a long run's end is told.
      if (reason.viewShown || facts.clientConnected) return { full: true, background: true };
      return facts.showsSomething ? { full: false, background: true } : undefined;
    case 'profile-files':
      return { full: reason.viewShown, background: true };
  }
}
