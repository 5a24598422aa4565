// Sees everything written to a stream (stdout: the plain lines, JSON lines and ink's frames alike)
// by wrapping its write method, and puts the method back afterwards. ink and our own writers look
// `stream.write` up at each call, so the wrapper sees them all.
import { StringDecoder } from 'node:string_decoder';

type Write = NodeJS.WritableStream['write'];

/** Calls onText with the text of every write to stream until the returned function is called. */
export function teeWrites(stream: NodeJS.WritableStream, onText: (text: string) => void): () => void {
  const own = Object.prototype.hasOwnProperty.call(stream, 'write');
  const original = stream.write;
  // A multi-byte character can be split across two Buffer writes.
  const decoder = new StringDecoder('utf8');
  const text = (chunk: unknown, encoding: unknown): string => {
    if (typeof chunk === 'string') {
      const pending = decoder.end();
      const enc = typeof encoding === 'string' && encoding !== 'utf8' && encoding !== 'utf-8' && Buffer.isEncoding(encoding) ? encoding : undefined;
      return pending + (enc ? Buffer.from(chunk, enc).toString('utf8') : chunk);
    }
    if (chunk instanceof Uint8Array) return decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    return '';
  };
  const tee = function (this: NodeJS.WritableStream, ...args: Parameters<Write>) {
    try {
      onText(text(args[0], args[1]));
    } catch {
      // A recording must never break what the person sees.
    }
    return Reflect.apply(original, this, args) as boolean;
  } as Write;
  stream.write = tee;
  return () => {
    if (stream.write !== tee) return;
    if (own) stream.write = original;
    else delete (stream as { write?: Write }).write;
  };
}
