// A word as a POSIX shell reads it back: bare when it is safe, single-quoted otherwise.
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
