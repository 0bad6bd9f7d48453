// The step's params and outputs. They become the manifest's `input` and `output` JSON Schemas (run
// `npm run build`), the form the studio shows, and the types of `run` — one definition for all three.
import { Type, type Static } from '@nullops/sdk';

export const Params = Type.Object(
  {
    name: Type.String({ title: 'Name', description: 'Who to greet.', minLength: 1, examples: ['QA team'] }),
    // Optional with a default: a pipeline may leave it out, and the SDK fills in the default before run.
    greeting: Type.Optional(Type.String({ title: 'Greeting', description: 'The word to greet with.', default: 'Hello' })),
  },
  { additionalProperties: false },
);
export type Params = Static<typeof Params>;

export const Outputs = Type.Object(
  {
    message: Type.String({ description: 'The greeting; later steps read it as ${{ steps.<id>.outputs.message }}.' }),
  },
  { additionalProperties: false },
);
export type Outputs = Static<typeof Outputs>;
