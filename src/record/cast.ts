// An asciicast v2 recording held in memory: output, markers and resizes stamped with monotonic
// seconds since the start, rendered as newline-delimited JSON at the end. Pure apart from the clock.

export type CastEvent = [seconds: number, type: 'o' | 'm' | 'r', data: string];

export interface CastHeader {
  version: 2;
  width: number;
  height: number;
  /** Unix seconds when the recording began. */
  timestamp: number;
  duration?: number;
  title?: string;
  env?: Record<string, string>;
  /** Extra keys (asciinema keeps unknown header keys and ignores them). */
  [key: string]: unknown;
}

export class Cast {
  readonly events: CastEvent[] = [];
  private readonly startedAt: number;
  private last = 0;

  /** clock: milliseconds from a monotonic source (performance.now by default). */
  constructor(private readonly clock: () => number = () => performance.now()) {
    this.startedAt = clock();
  }

  /** What the program wrote. A terminal turns each "\n" into "\r\n" (onlcr) after the program wrote it; a player needs that done here. */
  output(text: string): void {
    if (text !== '') this.events.push([this.now(), 'o', text.replace(/(?<!\r)\n/g, '\r\n')]);
  }

  marker(label: string): void {
    this.events.push([this.now(), 'm', label]);
  }

  resize(width: number, height: number): void {
    this.events.push([this.now(), 'r', `${width}x${height}`]);
  }

  /** Seconds since the start, to the microsecond, never less than the last event's. */
  now(): number {
    this.last = Math.max(this.last, Math.round((this.clock() - this.startedAt) * 1000) / 1e6);
    return this.last;
  }

  get duration(): number {
    return this.last;
  }

  /** The file: the header on the first line, then one event per line. */
  render(header: CastHeader): string {
    return [{ ...header, duration: this.last }, ...this.events].map(jsonLine).join('\n') + '\n';
  }
}

/** One JSON value on one line. JSON.stringify escapes control characters; U+2028/U+2029 are escaped too, for line-splitting readers that treat them as breaks. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
