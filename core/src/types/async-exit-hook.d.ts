// async-exit-hook ships no types; only `unhookEvent` is used (see db/embedded-postgres.ts).
declare module 'async-exit-hook' {
  const hook: { unhookEvent(event: string): void };
  export default hook;
}
