import { createContext, useContext } from "react";

/** This response's Content-Security-Policy nonce, given by entry.server; undefined in the browser (it is not needed there). */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
