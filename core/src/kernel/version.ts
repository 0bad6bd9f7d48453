// The NullOps version, read once from core's package.json.
import { readFileSync } from 'node:fs';

export const NULLOPS_VERSION: string = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;
