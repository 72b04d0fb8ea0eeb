// tests/browser/main.mjs — runs every tests/browser/*.test.mjs in one
// process (one browser) and prints one TAP-style line per test; exits 1
// when any failed.  Started by tests/browser/run.sh, which sets PX_URL.
import { run } from './lib.mjs';
import './api.test.mjs';
import './ui.test.mjs';
import './xss.test.mjs';
import './live.test.mjs';   // last: it changes the store

process.exitCode = (await run()) ? 1 : 0;
