// Which version a package shows and which one a range resolves to: plain decisions over version lists.
import semver from 'semver';

export interface VersionFacts {
  version: string;
  yanked: boolean;
}

/** The package's face: the highest stable version not yanked, else the highest not yanked, else the highest. */
export function latestVersion<T extends VersionFacts>(versions: T[]): T {
  const sorted = [...versions].sort((a, b) => semver.rcompare(a.version, b.version));
  return sorted.find((v) => !v.yanked && !semver.prerelease(v.version)) ?? sorted.find((v) => !v.yanked) ?? sorted[0];
}

/** The highest version that satisfies `range`; yanked versions never do. */
export function resolveRange<T extends VersionFacts>(versions: T[], range: string): T | undefined {
  const candidates = versions.filter((v) => !v.yanked);
  const best = semver.maxSatisfying(
    candidates.map((v) => v.version),
    range,
  );
  return best ? candidates.find((v) => v.version === best) : undefined;
}
