/** A requested byte range lies outside the object (HTTP 416). */
export class RangeNotSatisfiableError extends Error {
  constructor(readonly size: number) {
    super(`requested range not satisfiable (object is ${size} bytes)`);
    this.name = 'RangeNotSatisfiableError';
  }
}
