import { readFileSync } from 'node:fs';
import { systemCode } from './system-code.js';

/**
 * Whether a process with this id runs on this machine (one we may not signal runs too). A
 * process killed but not yet reaped (a zombie: in a container whose first process reaps
 * nothing, for good) still answers `kill(pid, 0)`; Linux says which it is, in
 * `/proc/<pid>/stat`: `pid (name) state …`, the name perhaps holding spaces and parentheses.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return systemCode(error) === 'EPERM';
  }
  let line: string;
  try {
    line = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return true;
  }
  return line.charAt(line.lastIndexOf(')') + 2) !== 'Z';
}
