// The node's capacity and usage from the operating system: CPU (busy share since the previous
// sample), memory in use (total minus available), disk of the data dir's file system.
import { cpus, totalmem, freemem } from 'node:os';
import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';

const MIB = 1024 * 1024;

function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of cpus()) {
    const t = cpu.times;
    const all = t.user + t.nice + t.sys + t.idle + t.irq;
    total += all;
    busy += all - t.idle;
  }
  return { busy, total };
}

function availableMemoryBytes(): number {
  try {
    const match = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux: fall back to the free figure
  }
  return freemem();
}

export class NodeUsage {
  private previous = cpuTimes();

  constructor(private readonly dataDir: string) {}

  async capacity(): Promise<{ cpu: number; memoryMb: number; diskMb: number }> {
    const disk = await statfs(this.dataDir).catch(() => null);
    return { cpu: cpus().length, memoryMb: Math.round(totalmem() / MIB), diskMb: disk ? Math.round((disk.blocks * disk.bsize) / MIB) : 0 };
  }

  async sample(): Promise<{ cpuPercent: number; memoryMb: number; diskMb: number }> {
    const now = cpuTimes();
    const total = now.total - this.previous.total;
    const cpuPercent = total > 0 ? Math.round(((now.busy - this.previous.busy) / total) * 1000) / 10 : 0;
    this.previous = now;
    const disk = await statfs(this.dataDir).catch(() => null);
    return {
      cpuPercent,
      memoryMb: Math.round((totalmem() - availableMemoryBytes()) / MIB),
      diskMb: disk ? Math.round(((disk.blocks - disk.bfree) * disk.bsize) / MIB) : 0,
    };
  }
}
