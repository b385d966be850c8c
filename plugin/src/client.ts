/** Typed client for the plugin's content API (filled in by the client work). */
export const placeholder = true;
