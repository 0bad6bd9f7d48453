// A plugin's log: every line goes to stderr (stdout holds only the result document), prefixed with its
// level so the deployment's log view can tell a warning from chatter. `NULLOPS_LOG_LEVEL` (debug, info,
// warn, error; default info) hides the levels below it.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface PluginLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createPluginLog(write: (line: string) => void, level: string | undefined = 'info'): PluginLog {
  const threshold = Math.max(0, LOG_LEVELS.indexOf((level ?? 'info').toLowerCase() as LogLevel));
  const at = (name: LogLevel) => (message: string) => {
    if (LOG_LEVELS.indexOf(name) < threshold) return;
    // One record per line: a multi-line message keeps its level on every line.
    for (const line of String(message).split('\n')) write(`${name.toUpperCase().padEnd(5)} ${line}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
