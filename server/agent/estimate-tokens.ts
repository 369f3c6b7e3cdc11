/** Rough token count used where a provider reports none (the offline model, the scripted test servers). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
