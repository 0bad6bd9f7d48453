// Splits a log line with ANSI colour codes (SGR) into styled pieces; other escape sequences are dropped.
export interface Piece {
  text: string;
  className: string;
}

const COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b\[([0-9;]*)([A-Za-z])/g;

export function ansiPieces(line: string): Piece[] {
  if (!line.includes('\u001b')) return [{ text: line, className: '' }];
  const pieces: Piece[] = [];
  let fg = '';
  let bold = false;
  let last = 0;
  const push = (text: string) => text && pieces.push({ text, className: [fg && `fg-${fg}`, bold && 'bold'].filter(Boolean).join(' ') });
  for (const match of line.matchAll(ESCAPE)) {
    push(line.slice(last, match.index));
    last = match.index! + match[0].length;
    if (match[2] !== 'm') continue;
    for (const code of (match[1] || '0').split(';').map(Number)) {
      if (code === 0) {
        fg = '';
        bold = false;
      } else if (code === 1) bold = true;
      else if (code === 22) bold = false;
      else if (code === 39) fg = '';
      else if (code >= 30 && code <= 37) fg = COLOURS[code - 30];
      else if (code >= 90 && code <= 97) fg = `bright-${COLOURS[code - 90]}`;
    }
  }
  push(line.slice(last));
  return pieces;
}

export function stripAnsi(line: string): string {
  return line.includes('\u001b') ? line.replace(ESCAPE, '') : line;
}
