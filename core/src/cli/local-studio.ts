// `nullops up` serves the studio when it is installed and built: its folder comes from @nullops/studio
// (imported by name, like the local agent, so core does not depend on it). A studioDir set by the
// operator wins; without a build, up says how to get one and serves the API alone.
const STUDIO_MODULE = '@nullops/studio';

export async function findBuiltStudio(say: (message: string) => void): Promise<string | undefined> {
  const specifier: string = STUDIO_MODULE;
  let studio: { builtStudioDir(): string | undefined };
  try {
    studio = (await import(specifier)) as typeof studio;
  } catch {
    return undefined;
  }
  const dir = studio.builtStudioDir();
  if (!dir) say('the studio is not built, so only the API is served: run `npm start` (it builds it) or `npm run build -w studio`.');
  return dir;
}
