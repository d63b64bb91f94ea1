/** Bots that play SYN/ACK over the real network (colyseus.js), for the demo, tests and benchmarks. */
export { RemoteBot, type RemoteBotOptions } from './remote-bot';
export type { Answer, JournalEntry, Outstanding, SentIntent } from './journal';
export { wrongVariant } from './mistakes';
export { Pacing, type PacingOptions } from './pacing';
export { RefusedError, RemoteHost, type RoundConfigPatch } from './remote-host';
export { Inbox, type Received } from './inbox';
export { roundStats, type RoundStats } from './trace-stats';
