import { main } from './cli/main.js';

/** Entry point of the built CLI (bin/pontes.js imports dist/main.js). */
const code = await main(process.argv.slice(2));
process.exitCode = code;
