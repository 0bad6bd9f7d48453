// A request the agent refuses: the connection answers it with an `error` frame carrying `code`
// (anything else thrown by a handler is answered AGENT_INTERNAL and logged).
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
