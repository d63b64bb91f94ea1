/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the game server runs when it is not the page's own origin (vite dev server). */
  readonly VITE_SERVER_URL?: string;
}
