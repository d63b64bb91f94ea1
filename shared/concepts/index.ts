/** Concept checks: the bank format, its parser, the first bank, engine-computed answers, pre/post scoring. */
export * from './schema';
export * from './parse';
export * from './engine';
export * from './scoring';
export * from './first-bank';
export * from './run';
export * from './report';
