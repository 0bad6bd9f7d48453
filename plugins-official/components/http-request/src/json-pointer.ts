// RFC 6901 JSON Pointer lookup: `""` is the whole document, `/a/0/b~1c` walks objects and arrays.

export function lookupPointer(document: unknown, pointer: string): { found: true; value: unknown } | { found: false } {
  if (pointer === '') return { found: true, value: document };
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^(0|[1-9]\d*)$/.test(key) && Number(key) < current.length) current = current[Number(key)];
    else if (current && typeof current === 'object' && !Array.isArray(current) && Object.prototype.hasOwnProperty.call(current, key)) current = (current as Record<string, unknown>)[key];
    else return { found: false };
  }
  return { found: true, value: current };
}
