// The plugin's work, free of I/O so the tests can call it directly.
import type { Outputs, Params } from './schema.js';

/** `params` as run gets them: the SDK has filled in every default, so `greeting` is set. */
export function greet(params: Required<Params>): Outputs {
  return { message: `${params.greeting}, ${params.name}!` };
}
