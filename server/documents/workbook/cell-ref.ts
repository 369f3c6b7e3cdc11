// Moved to lib/workbook/cell-ref.ts (the browser's editor uses it too). Kept for server/agent/offline/,
// which is being changed elsewhere: switch those imports to '@/lib/workbook/cell-ref', then delete this.
export * from '../../../lib/workbook/cell-ref';
