// The one translation of a unique-constraint violation into the API's answer: a create or a rename whose
// name (or plugin version) another row already holds is refused with 409 and a sentence naming it.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiError } from '../kernel/errors.js';

/** Flushes `em`; a unique violation becomes `code` (NAME_TAKEN unless said otherwise) with `message`. */
export async function flushUnlessTaken(em: EntityManager, message: string, code: 'NAME_TAKEN' | 'VERSION_EXISTS' = 'NAME_TAKEN'): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new ApiError(code, message);
    throw error;
  }
}
