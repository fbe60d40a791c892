# The exercise solved, for the checker's tests (lesson05, §7): the framed uppercase echo (lesson04's frames: a 4-byte big-endian
# length, then the body; each body comes back in upper case) for many clients in one thread,
# with a selector. Checked as:
#
#   java -jar lesson05-nonblocking/target/lesson05-nonblocking.jar check server -- python3 lesson05-nonblocking/exercises/selector_server.py
#
# The stages: a frame in upper case; 100 clients at once; a client that does not read.
import os
import selectors
import socket
import struct

PORT = int(os.environ.get('PORT', '9000'))
MAX_QUEUED = 1024 * 1024  # a client whose unsent replies pass this is cut off

sel = selectors.DefaultSelector()


class Client:
    def __init__(self, conn):
        self.conn = conn
        self.inbox = b''     # bytes received, not yet a whole frame
        self.outbox = b''    # replies send() has not taken yet


def accept(sk):
    conn, addr = sk.accept()
    conn.setblocking(False)
    sel.register(conn, selectors.EVENT_READ, Client(conn))


def close(client):
    sel.unregister(client.conn)
    client.conn.close()


def on_read(client):
    try:
        data = client.conn.recv(65536)
    except OSError:  # reset by the client
        data = b''
    if not data:
        close(client)
        return
    client.inbox += data
    while len(client.inbox) >= 4:
        n = struct.unpack('!i', client.inbox[:4])[0]
        if len(client.inbox) < 4 + n:
            break
        body, client.inbox = client.inbox[4:4 + n], client.inbox[4 + n:]
        client.outbox += struct.pack('!i', n) + body.upper()
    if len(client.outbox) > MAX_QUEUED:
        close(client)
        return
    if client.outbox:
        sel.modify(client.conn, selectors.EVENT_READ | selectors.EVENT_WRITE, client)


def on_write(client):
    try:
        sent = client.conn.send(client.outbox)
    except BlockingIOError:
        return
    except OSError:  # the client has gone
        close(client)
        return
    client.outbox = client.outbox[sent:]
    if not client.outbox:
        sel.modify(client.conn, selectors.EVENT_READ, client)


sk = socket.socket()
sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sk.bind(('127.0.0.1', PORT))
sk.listen(1024)
sk.setblocking(False)
sel.register(sk, selectors.EVENT_READ)
while True:
    for key, events in sel.select():
        if key.fileobj is sk:
            accept(sk)
        else:
            if events & selectors.EVENT_READ:
                on_read(key.data)
            if events & selectors.EVENT_WRITE and key.fileobj.fileno() != -1:
                on_write(key.data)
