// Auto-cleanup timing: a deployment expires TTL hours after its last activity (create, extend, clone);
// the TTL is the project's override or the environment's default.
export function ttlHours(project: { ttlHours?: number | null }, environment: { ttlHours: number }): number {
  return project.ttlHours ?? environment.ttlHours;
}

export function expiresAt(lastActivityAt: Date, hours: number): Date {
  return new Date(lastActivityAt.getTime() + hours * 3_600_000);
}
