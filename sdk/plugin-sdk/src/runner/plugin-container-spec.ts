// What Docker is asked to create for one plugin action (PLUGIN-CONTRACT.md, "One run", 1): no
// privileges, read-only root, writable /tmp, the manifest's limits, stdin open for the envelope. Plain
// data, no I/O. The caller names the container, labels it and says which network it joins.
import type { ContainerCreateOptions } from 'dockerode';
import { DEFAULT_PLUGIN_RESOURCES, type PluginManifest, type Resources } from '@nullops/core/contracts';

/** Where the container goes: its name, labels, and the Docker network it joins (unless the manifest says "none"). */
export interface PluginContainerPlace {
  name: string;
  labels: Record<string, string>;
  /** A Docker network name, "bridge" or "none". */
  network: string;
  /** The container's alias on that network. */
  alias?: string;
}

const NANOS = 1e9;
const MIB = 1024 * 1024;

/** Docker's CPU and memory limits for a resource reservation (no swap beyond the memory). */
export function resourceLimits(resources: Resources): { NanoCpus: number; Memory: number; MemorySwap: number } {
  const memory = Math.round(resources.memoryMb * MIB);
  return { NanoCpus: Math.round(resources.cpu * NANOS), Memory: memory, MemorySwap: memory };
}

export function pluginContainerSpec(image: string, manifest: Pick<PluginManifest, 'network' | 'resources'>, place: PluginContainerPlace): ContainerCreateOptions {
  const network = manifest.network === 'none' ? 'none' : place.network;
  const aliased = network !== 'none' && network !== 'bridge' && place.alias;
  return {
    name: place.name,
    Image: image,
    Labels: place.labels,
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: {
      ...resourceLimits(manifest.resources ?? DEFAULT_PLUGIN_RESOURCES),
      Init: true,
      NetworkMode: network,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m' },
      RestartPolicy: { Name: 'no' },
    },
    ...(aliased ? { NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [place.alias!] } } } } : {}),
  };
}
