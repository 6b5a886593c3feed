// PouchDB Server for Mohar's sync tests: express-pouchdb over an in-memory PouchDB, listening on
// loopback only. In front of it, what a shop's CouchDB 3 is configured to do (README, "Sync"):
// every request needs the shop's user and password (CouchDB's `require_valid_user`), answered
// like CouchDB with 401 otherwise, and CORS for the app's address with credentials.
//
// Usage: node server.js [port]   (0 or nothing: a free port). Prints "listening <port>" once
// it accepts requests. User and password: MOHAR_SYNC_USER / MOHAR_SYNC_PASSWORD (shop/secret).
'use strict';

const express = require('express');
const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-mapreduce'))
  .plugin(require('pouchdb-replication'));

const USER = process.env.MOHAR_SYNC_USER || 'shop';
const PASSWORD = process.env.MOHAR_SYNC_PASSWORD || 'secret';
const MemoryPouch = PouchDB.defaults({ adapter: 'memory' });

const app = express();

app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (origin) {
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Allow-Credentials', 'true');
    res.set('Access-Control-Allow-Methods', 'GET, PUT, POST, HEAD, DELETE');
    res.set('Access-Control-Allow-Headers', 'accept, authorization, content-type, origin, referer');
    res.set('Vary', 'Origin');
  }
  if (req.method === 'OPTIONS') return res.status(204).end();
  const header = req.headers.authorization || '';
  const [scheme, encoded] = header.split(' ');
  const [user, ...rest] = Buffer.from(encoded || '', 'base64').toString('utf8').split(':');
  if (scheme !== 'Basic' || user !== USER || rest.join(':') !== PASSWORD) {
    return res.status(401).json({ error: 'unauthorized', reason: 'Name or password is incorrect.' });
  }
  next();
});

app.use('/', require('express-pouchdb')(MemoryPouch, { mode: 'minimumForPouchDB', logPath: '/dev/null' }));

const server = app.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
