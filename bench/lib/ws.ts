import { createRequire } from 'node:module';

/**
 * The `ws` package (the WebSocket library under both @colyseus/ws-transport and colyseus.js in
 * Node), typed here by the little the relay reference uses: it ships no types of its own and the
 * project does not depend on @types/ws.
 */
export interface WsSocket {
  readonly readyState: number;
  send(data: Uint8Array | string, cb?: (err?: Error) => void): void;
  close(code?: number): void;
  terminate(): void;
  on(event: 'message', fn: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'open' | 'close', fn: () => void): this;
  on(event: 'error', fn: (e: Error) => void): this;
  once(event: 'open' | 'close', fn: () => void): this;
  once(event: 'error', fn: (e: Error) => void): this;
}
export interface WsServer {
  on(event: 'connection', fn: (socket: WsSocket, req: { url?: string }) => void): this;
  on(event: 'listening', fn: () => void): this;
  close(cb?: () => void): void;
  clients: Set<WsSocket>;
}
interface WsModule {
  WebSocket: new (url: string, opts?: { perMessageDeflate?: boolean }) => WsSocket;
  WebSocketServer: new (opts: { host: string; port: number; maxPayload?: number; perMessageDeflate?: boolean }) => WsServer;
}

export const ws = createRequire(import.meta.url)('ws') as WsModule;
