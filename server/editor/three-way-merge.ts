// The three-way merge building blocks live in lib/merge/three-way-merge.ts (the browser's editors use them too).
export * from '@/lib/merge/three-way-merge';
