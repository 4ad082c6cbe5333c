/**
 * Reads a server's CPU time and memory from /proc, so the server is measured from outside
 * without any instrumentation of its own (Linux only).
 */
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';

// utime and stime are in clock ticks; the tick length is a kernel setting (100 Hz almost everywhere).
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** User + system CPU time the process has used so far, in milliseconds. */
export async function cpuMillis(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5), i.e. 11 and 12 after the state field (3).
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** A `VmXXX:  1234 kB` line of /proc/<pid>/status, in megabytes. */
async function statusMegabytes(pid: number, field: 'VmHWM' | 'VmRSS'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no ${field} line`);
  return Number(match[1]) / 1024;
}

/** Peak resident set size of the process so far, in MB. */
export function peakRssMegabytes(pid: number): Promise<number> {
  return statusMegabytes(pid, 'VmHWM');
}

/** Current resident set size of the process, in MB. */
export function rssMegabytes(pid: number): Promise<number> {
  return statusMegabytes(pid, 'VmRSS');
}
