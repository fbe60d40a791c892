# The classroom's §6.2 mistake, for the checker's tests: one recv for the header and one for the
# body, as if recv(n) always returned n bytes. It passes while each frame arrives whole.
import os
import socket
import struct

sk = socket.socket()
sk.bind(('127.0.0.1', int(os.environ['PORT'])))
sk.listen()
while True:
    conn, addr = sk.accept()
    with conn:
        try:
            while True:
                header = conn.recv(4)  # may be 1 to 3 bytes
                if not header:
                    break
                n = struct.unpack('!i', header)[0]
                body = conn.recv(n)  # may be fewer than n bytes
                conn.sendall(struct.pack('!i', len(body)) + body)
        except Exception as e:
            print('closing:', e)
