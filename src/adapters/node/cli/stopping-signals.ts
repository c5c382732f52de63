/**
 * The signals that stop a command the way Ctrl-C does (its flows saved or parked, its exit
 * 130). SIGHUP is the terminal closed under it: left to Node, it ends the process at once
 * (129), the last change unsaved, nothing said, a state file's lock or a worker's running
 * flows left for others to time out.
 */
export const STOPPING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
