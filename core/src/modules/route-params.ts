// Path parameters every feature's routes share: `/:id` of the object a route acts on.
import { Type, type Static } from '@sinclair/typebox';
import { Uuid } from '../contracts/index.js';

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;
