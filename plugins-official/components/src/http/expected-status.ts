// Whether an HTTP status is one the step expects: one of the listed codes, or any 2xx when none are listed.

export function isExpectedStatus(status: number, expected: readonly number[] | undefined): boolean {
  return expected ? expected.includes(status) : status >= 200 && status < 300;
}
