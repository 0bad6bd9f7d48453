// The agent's own diagnostic output: one line per message on stderr, prefixed with the level.
export interface AgentLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger = (quiet = false): AgentLogger => ({
  info: (m) => {
    if (!quiet) process.stderr.write(`[nullops-agent] ${m}\n`);
  },
  warn: (m) => process.stderr.write(`[nullops-agent] warning: ${m}\n`),
  error: (m) => process.stderr.write(`[nullops-agent] error: ${m}\n`),
});
