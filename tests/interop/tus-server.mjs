// An independent tus 1.0 server (@tus/server from npm) on loopback, for tests/test-tus-interop.c.
// Usage: node tus-server.mjs PORT DIRECTORY — prints "ready PORT" when it listens (PORT 0: a free
// one, chosen by the system, so that no other test can take it between choosing and listening).
import http from 'node:http';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const [port, directory] = process.argv.slice(2);
const tus = new Server({ path: '/api/v1/uploads', datastore: new FileStore({ directory }) });

const server = http.createServer((req, res) => tus.handle(req, res));
server.listen(Number(port), '127.0.0.1', () => console.log('ready ' + server.address().port));
