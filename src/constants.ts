/** Ids shared by package.json, the code and the tests. These names are a contract: extend, never rename. */
export const EXTENSION_ID = 'ipp-engines.ipp-engines';
export const CONFIG_SECTION = 'ippEngines';
export const CLUSTER_VIEW_ID = 'ippEngines.clusterView';
/** Every cluster of this user on this machine, below the workspace's own. */
export const MACHINE_VIEW_ID = 'ippEngines.machineView';
export const LOG_CHANNEL_NAME = 'IPP Engines';
/** What tasks print, from every client's tasks. */
export const TASK_OUTPUT_CHANNEL_NAME = 'IPP Engines: Task Output';

export const Commands = {
  createProfile: 'ippEngines.createProfile',
  deleteProfile: 'ippEngines.deleteProfile',
  start: 'ippEngines.start',
  stop: 'ippEngines.stop',
  restartEngines: 'ippEngines.restartEngines',
  status: 'ippEngines.status',
  showProcesses: 'ippEngines.showProcesses',
  killOrphans: 'ippEngines.killOrphans',
  refresh: 'ippEngines.refresh',
  openLog: 'ippEngines.openLog',
  interruptEngine: 'ippEngines.interruptEngine',
  openLogFile: 'ippEngines.openLogFile',
  selectInterpreter: 'ippEngines.selectInterpreter',
  cancelPendingRestart: 'ippEngines.cancelPendingRestart',
  scaleEngines: 'ippEngines.scaleEngines',
  copyClientCode: 'ippEngines.copyClientCode',
  insertClientCode: 'ippEngines.insertClientCode',
  abortQueuedTasks: 'ippEngines.abortQueuedTasks',
  showTaskOutput: 'ippEngines.showTaskOutput',
  showRunTimeline: 'ippEngines.showRunTimeline',
  machineRefresh: 'ippEngines.machine.refresh',
  machineCopyClientCode: 'ippEngines.machine.copyClientCode',
  machineShowProcesses: 'ippEngines.machine.showProcesses',
  machineStop: 'ippEngines.machine.stop',
  machineKillOrphans: 'ippEngines.machine.killOrphans',
  machineClean: 'ippEngines.machine.clean',
  machineWatch: 'ippEngines.machine.watch',
  machineUnwatch: 'ippEngines.machine.unwatch',
} as const;

/** Context keys, set through `setContext` and used in `when` clauses. */
export const ContextKeys = {
  running: 'ippEngines.running',
  hasProfile: 'ippEngines.hasProfile',
  /** Some folder has a profile and no running controller. */
  canStart: 'ippEngines.canStart',
  pythonProblem: 'ippEngines.pythonProblem',
  /** An interpreter with ipyparallel was found (the walkthrough's first step). */
  pythonReady: 'ippEngines.pythonReady',
  restartPending: 'ippEngines.restartPending',
  /** Engines were restarted after a save (the walkthrough's last step). */
  restartedAfterSave: 'ippEngines.restartedAfterSave',
} as const;

export const Settings = {
  pythonPath: 'pythonPath',
  profileDir: 'profileDir',
  engineCount: 'engineCount',
  startupFiles: 'startupFiles',
  watchInclude: 'watch.include',
  watchExclude: 'watch.exclude',
  restartOnSave: 'restartOnSave',
  replaceDeadEngines: 'replaceDeadEngines',
  refreshIntervalSeconds: 'refreshIntervalSeconds',
  saveDebounceMs: 'watch.debounceMs',
  heartbeatMs: 'controller.heartbeatMs',
  controllerIp: 'controller.ip',
  engineLauncher: 'engineLauncher',
  slurmPartition: 'slurm.partition',
  slurmAccount: 'slurm.account',
  slurmTimeLimit: 'slurm.timeLimit',
  slurmNodes: 'slurm.nodes',
  slurmTasksPerNode: 'slurm.tasksPerNode',
  slurmCpusPerEngine: 'slurm.cpusPerEngine',
  slurmExtraDirectives: 'slurm.extraDirectives',
  sshHosts: 'ssh.hosts',
  sshPython: 'ssh.python',
  mpiArgs: 'mpi.args',
  standbyEngines: 'standbyEngines',
} as const;
