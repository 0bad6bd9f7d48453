// Path parameters every feature's routes share: `/:id` of the object a route acts on, and `/:id/…/:more`
// for a route that also names something inside it. Every route with `:id` uses these.
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { Uuid } from '../contracts/index.js';

export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

/** `IdParams` plus the route's further path parameters. */
export const IdParamsWith = <T extends TProperties>(more: T) => Type.Object({ ...IdParams.properties, ...more });
