// Fails fast, with the fix, when the things every e2e test needs are missing.
import fs from "node:fs";
import { SERVER_ENTRY } from "./support/server.ts";
import { CHROMIUM } from "./support/browser.ts";

export default function globalSetup() {
  const problems: string[] = [];
  if (!fs.existsSync(CHROMIUM)) {
    problems.push(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  if (!fs.existsSync(SERVER_ENTRY)) {
    problems.push(`No server build at ${SERVER_ENTRY}: run \`npm run build\` (\`npm run test:e2e\` does both).`);
  }
  if (problems.length) throw new Error(problems.join("\n"));
}
