/** Bots that play SYN/ACK over the real network (colyseus.js), for the demo, tests and benchmarks. */
export { RemoteBot, wrongVariant, type Answer, type JournalEntry, type Outstanding, type RemoteBotOptions, type SentIntent } from './remote-bot';
export { RefusedError, RemoteHost, type RoundConfigPatch } from './remote-host';
export { Inbox, type Received } from './inbox';
export { roundStats, type RoundStats } from './trace-stats';
