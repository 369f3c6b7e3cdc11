/**
 * A growable UTF-8 byte buffer. Large parts are written row by row straight into bytes: holding
 * 100,000 cell strings (or one rope of them) costs more than making them.
 */
export class ByteWriter {
  private buf: Buffer;
  private len = 0;
  constructor(initial: number) {
    this.buf = Buffer.allocUnsafe(Math.max(1024, initial));
  }
  write(s: string): void {
    const need = this.len + s.length * 3;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, need));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    this.len += this.buf.write(s, this.len, 'utf8');
  }
  get length(): number {
    return this.len;
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}
