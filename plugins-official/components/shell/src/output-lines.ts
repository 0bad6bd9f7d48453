// Reading the `$NULLOPS_OUTPUTS` file a script wrote: `name=value` per line; blank lines and lines
// starting with # are skipped; anything else is an error that names the line.

export function parseOutputLines(text: string): { outputs: Record<string, string> } | { error: string } {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (!line.trim() || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) return { error: `line ${i + 1} of $NULLOPS_OUTPUTS is not name=value: ${JSON.stringify(line.slice(0, 80))}` };
    outputs[match[1]] = match[2];
  }
  return { outputs };
}
