// @ts-check
// `npm start`. The preparation (build when sources changed, migrations, content/ import, demo
// accounts) runs in a child process with the TypeScript loader; this process then serves the built
// app (adapter-node reads PORT, HOST, ORIGIN) and holds nothing else, about 50 MB less than running
// both in one process. package.json gives it the V8 memory flags that `npm run bench` measures.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const prepared = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/prepare.ts'], { stdio: 'inherit' });
if (prepared.status !== 0) process.exit(prepared.status ?? 1);

process.env.PORT ??= '3000';
// Roster uploads and lesson images are larger than adapter-node's 512 KB default; each form checks
// its own limit and answers with a clear message.
process.env.BODY_SIZE_LIMIT ??= '12M';
// adapter-node assumes https when ORIGIN is unset; on this machine the app is plain http.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
// Node closes an idle kept-alive connection after 5 s. A client (a proxy, a browser, a test's HTTP
// client) that sends its next request on that connection at the same moment gets "socket hang up";
// keeping idle connections for 65 s, longer than the usual 60 s of proxies, closes that race.
process.env.KEEP_ALIVE_TIMEOUT ??= '65';
process.env.HEADERS_TIMEOUT ??= '66';
await import(pathToFileURL(resolve('build/index.js')).href);
console.log(`CivicSteps is running on ${process.env.ORIGIN}`);
