// The Docker engine that scripts/test-infra/up.sh provides runs the local busybox image under a memory
// limit and with an init process: the two things the agent sets on every service container.
import t from 'tap';
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { BUSYBOX_IMAGE } from '@nullops/core/testing';

const docker = new Docker();
const LIMIT = 64 * 1024 * 1024;

// Without a TTY the log stream carries 8-byte frame headers; the payload is what the container printed.
function demux(buffer: Buffer): string {
  const parts: Buffer[] = [];
  for (let offset = 0; offset + 8 <= buffer.length; ) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

t.test('a container from the local busybox image gets a 64 MiB limit and an init process', async (t) => {
  const container = await docker.createContainer({
    name: `nullops-test-memory-${randomBytes(4).toString('hex')}`,
    Image: BUSYBOX_IMAGE,
    // cgroups v1 names the limit memory.limit_in_bytes, cgroups v2 memory.max.
    Cmd: ['sh', '-c', 'cat /proc/1/comm; cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max'],
    Labels: { 'dev.nullops.test': 'agent-memory-limit' },
    HostConfig: { Memory: LIMIT, Init: true },
  });
  t.teardown(() => container.remove({ force: true }).catch(() => undefined));

  const inspected = await container.inspect();
  t.equal(inspected.HostConfig.Memory, LIMIT, 'docker inspect shows the memory limit');
  t.equal(inspected.HostConfig.Init, true, 'docker inspect shows the init process is on');

  await container.start();
  const exit = await container.wait();
  const output = demux((await container.logs({ stdout: true, stderr: true })) as Buffer);
  t.equal(exit.StatusCode, 0, `the container exits cleanly; it printed:\n${output}`);

  const [pidOne, limit] = output.trim().split('\n').map((line) => line.trim());
  t.match(pidOne, /init|tini/, 'PID 1 inside the container is the init process, not the command');
  t.equal(Number(limit), LIMIT, 'the kernel enforces 67108864 bytes inside the container');
});
