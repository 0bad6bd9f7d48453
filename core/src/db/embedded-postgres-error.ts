// The one error the embedded PostgreSQL throws.
/** A start-up failure of the embedded PostgreSQL: the message names the cause and the next step. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

/** The way out every message offers. */
export const OWN_CHOICE = 'or set DATABASE_URL to a PostgreSQL of your own';
