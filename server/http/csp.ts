import { randomBytes } from "node:crypto";

/**
 * The Content-Security-Policy of every app page (the print export sends its own, stricter one).
 * Scripts: our own files, and the inline ones Remix writes (route manifest, scroll restoration,
 * streamed data) only with this request's nonce, so an injected <script> or on* handler does not
 * run. Styles keep 'unsafe-inline' for the editor's style attributes. The sync socket needs
 * ws:/wss: (same host; CSP 'self' does not cover WebSocket schemes in every browser).
 */
export function appContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh nonce for one response (128 random bits, base64). */
export const createCspNonce = () => randomBytes(16).toString("base64");
