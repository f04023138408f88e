export function ngramFeatures(text: string): { index: Int32Array; value: number };
export function trainNgramBaseline(items: readonly { text: string; label: string }[], classes: readonly string[]): (text: string) => string;
