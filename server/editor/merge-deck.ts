// The deck merge lives in lib/deck/merge-deck.ts (the slide editor uses it for live updates and undo).
export * from '@/lib/deck/merge-deck';
