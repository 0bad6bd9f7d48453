// Placement check `pressure`: what the node's OS reports (memory in use, CPU busy) must leave room for
// the request — allocation alone misses processes outside NullOps. Limits are driver options.
import fp from 'fastify-plugin';
import '@nullops/core/contracts/fastify';
import type { PlacementCheck } from '@nullops/core/contracts';

export interface PressureOptions {
  /** Highest share of memory in use after placing the request, in percent (default 90). */
  maxMemoryPercent?: number;
  /** Highest CPU busy share before placing, in percent (default 90). */
  maxCpuPercent?: number;
}

export function pressureCheck(options: PressureOptions = {}): PlacementCheck {
  const maxMemoryPercent = options.maxMemoryPercent ?? 90;
  const maxCpuPercent = options.maxCpuPercent ?? 90;
  return {
    name: 'pressure',
    check(request, node) {
      const memoryLimit = (node.capacity.memoryMb * maxMemoryPercent) / 100;
      const memoryAfter = node.usage.memoryMb + request.resources.memoryMb;
      const shortfalls = [];
      if (memoryAfter > memoryLimit) {
        shortfalls.push({ check: 'pressure', resource: 'memoryMb', needed: request.resources.memoryMb, available: Math.max(0, Math.floor(memoryLimit - node.usage.memoryMb)), message: `the OS reports ${Math.round(node.usage.memoryMb)} MiB in use; placing ${request.resources.memoryMb} MiB more would pass ${maxMemoryPercent}% of ${node.capacity.memoryMb} MiB` });
      }
      if (node.usage.cpuPercent > maxCpuPercent) {
        shortfalls.push({ check: 'pressure', resource: 'cpuPercent', needed: `at most ${maxCpuPercent}% busy`, available: `${Math.round(node.usage.cpuPercent)}% busy`, message: `the node's CPU is ${Math.round(node.usage.cpuPercent)}% busy (limit ${maxCpuPercent}%)` });
      }
      if (shortfalls.length) return { fits: false, shortfalls };
      return { fits: true, score: (1 - memoryAfter / node.capacity.memoryMb + (1 - node.usage.cpuPercent / 100)) / 2 };
    },
  };
}

export default fp<PressureOptions>(async (app, options) => app.placement.register(pressureCheck(options)), { name: '@nullops/driver-placement-pressure', dependencies: ['nullops-placement-port'] });
