// The API's rule for names of projects, services, environments and deployments (a DNS label), checked
// in the browser so a typo is caught before the request.
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function dnsLabelProblem(name: string): string {
  if (!name) return 'Give it a name.';
  if (name.length > 63) return 'At most 63 characters.';
  if (/[A-Z]/.test(name)) return 'Use lower-case letters only.';
  if (name.startsWith('-') || name.endsWith('-')) return 'Start and end with a letter or digit.';
  if (!DNS_LABEL.test(name)) return 'Only lower-case letters, digits and hyphens.';
  return '';
}
