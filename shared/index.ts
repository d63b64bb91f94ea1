/** The public surface of the project's pure shared code. */
export * from './tcp/types';
export * from './tcp/seq';
export * from './tcp/endpoint';
export * from './tcp/table';
export * from './tcp/step';
export * from './tcp/options';
export * from './tcp/judge';
export * from './tcp/bot';
export * from './tcp/rules';
export * from './trace/schema';
export * from './trace/check';
export * from './net/rng';
export * from './net/faults';
export * from './round/scenarios';
export * from './round/script';
export * from './round/round';
export * from './round/simulate';
