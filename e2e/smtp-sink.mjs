// A local SMTP sink for the end-to-end run: accepts every message on 127.0.0.1 (a free port, printed first)
// and appends each, decoded from quoted-printable, to the file named on the command line. Stops when killed.
import { createServer } from 'node:net';
import { appendFileSync } from 'node:fs';

const file = process.argv[2];
const decode = (text) => text.includes('Content-Transfer-Encoding: quoted-printable')
  ? Buffer.from(text.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
  : text;

const server = createServer((socket) => {
  let buffer = '';
  let data = null;
  socket.write('220 sink ESMTP\r\n');
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    let at;
    while ((at = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      if (data !== null) {
        if (line === '.') {
          appendFileSync(file, `${decode(data)}\n----- end of message -----\n`);
          data = null;
          socket.write('250 kept\r\n');
        } else {
          data += `${line}\r\n`;
        }
        continue;
      }
      const verb = line.toUpperCase();
      if (verb.startsWith('EHLO') || verb.startsWith('HELO')) socket.write('250-sink\r\n250 8BITMIME\r\n');
      else if (verb.startsWith('DATA')) { data = ''; socket.write('354 go on\r\n'); }
      else if (verb.startsWith('QUIT')) { socket.end('221 bye\r\n'); }
      else socket.write('250 ok\r\n');
    }
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
