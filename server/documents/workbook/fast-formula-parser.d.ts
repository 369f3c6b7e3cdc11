// Minimal typings for fast-formula-parser 1.0.19 (the package ships none).
declare module 'fast-formula-parser' {
  export interface FfpCellRef {
    sheet?: string;
    row: number;
    col: number;
  }
  export interface FfpRangeRef {
    sheet?: string;
    from: { row: number; col: number };
    to: { row: number; col: number };
  }
  export interface FfpArg {
    value: unknown;
    isArray: boolean;
    isRangeRef?: boolean;
    isCellRef?: boolean;
    omitted?: boolean;
  }
  export class FormulaError extends Error {
    constructor(error: string, msg?: string, details?: unknown);
    readonly error: string;
    static DIV0: FormulaError;
    static NA: FormulaError;
    static NAME: FormulaError;
    static NULL: FormulaError;
    static NUM: FormulaError;
    static REF: FormulaError;
    static VALUE: FormulaError;
    static NOT_IMPLEMENTED(name: string): FormulaError;
  }
  export interface FfpConfig {
    functions?: Record<string, (...args: FfpArg[]) => unknown>;
    functionsNeedContext?: Record<string, (context: unknown, ...args: FfpArg[]) => unknown>;
    onVariable?: (name: string, sheet: string) => FfpCellRef | FfpRangeRef | null | undefined;
    onCell?: (ref: FfpCellRef) => unknown;
    onRange?: (ref: FfpRangeRef) => unknown[][];
  }
  export class DepParser {
    constructor(config?: { onVariable?: (name: string, sheet: string) => FfpCellRef | FfpRangeRef | null | undefined });
    parse(formula: string, position: { row: number; col: number; sheet: string }): Array<FfpCellRef | FfpRangeRef>;
  }
  export default class FormulaParser {
    constructor(config?: FfpConfig);
    parse(formula: string, position: { row: number; col: number; sheet: string }, allowReturnArray?: boolean): unknown;
    static DepParser: typeof DepParser;
    static FormulaError: typeof FormulaError;
    static MAX_ROW: number;
    static MAX_COLUMN: number;
  }
}
