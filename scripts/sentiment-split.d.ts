export function fnv1a(text: string): number;
export function isHeldOut(id: string | number): boolean;
export function isTrainingFile(file: string): boolean;
export function referenceTrainingFile(file: string): string | null;
export function restoreLinks(text: string): string;
